/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;

/**
 * Sixteen agents on 127.0.0.1 keep an owner's data available while the owner is down: its holders elect a
 * coordinator, which repairs what dies with the holders, and hands the role back when the owner returns.
 */
class DataCoordinationTest {
    private static final CodingParameters CODING = new CodingParameters(4, 4);
    private static final int SEGMENTS = 4;
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private TestBed bed;

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    private void start(final int agents, final CodingParameters coding) throws Exception {
        bed = new TestBed(coding, SEGMENTS).startAll(agents, config -> config.withCoordination(
            new CoordinationSettings(INTERVAL, coding.codingChunks() - 1, true)));
    }

    /** Repairs a stripe as soon as it lost a chunk, so that the test can wait for whole stripes. */
    private static AgentConfig coordinated(final AgentConfig config) {
        return config.withCoordination(new CoordinationSettings(INTERVAL, config.coding().codingChunks() - 1, true));
    }

    @Test
    void withTheOwnerDownTheHoldersRepairWhatDiesSoThatTwiceKLossesLeaveEverythingReadable() throws Exception {
        start(16, CODING);
        final var owner = bed.agents.get(0);
        final var sessions = bed.fill(owner, 400);
        final var stored = owner.versions();
        bed.kill(owner);

        killHolders(stored, CODING.codingChunks());
        // The elected coordinator re-creates every lost chunk on nodes that hold none of the stripe.
        waitForWholeStripes(CODING, 60);
        // Counted now: the coordinator may be among the holders killed next.
        final var repairs = new ArrayList<CoordinationCounters>();
        for (var agent : bed.agents) {
            repairs.add(agent.coordinationCounters().get(10, TimeUnit.SECONDS));
        }
        assertTrue(repairs.stream().mapToLong(CoordinationCounters::chunksRepaired).sum() >= 1, repairs.toString());

        killHolders(stored, CODING.codingChunks());
        final var read = bed.agents.get(0).lookupOf("an-0").get(60, TimeUnit.SECONDS);
        assertTrue(read.report().complete(), read.report().toString());
        assertEquals(new HashSet<>(sessions), new HashSet<>(read.sessions()));

        final var restarted = bed.start("an-0", DataCoordinationTest::coordinated);
        final var report = restarted.lastRecovery().orElseThrow();
        assertTrue(report.complete(), report.toString());
        assertEquals(new HashSet<>(sessions), new HashSet<>(restarted.memory().all()));
    }

    @Test
    void aKilledCoordinatorIsReplacedAndTheReturningOwnerTakesTheRoleBack() throws Exception {
        start(16, CODING);
        final var owner = bed.agents.get(0);
        bed.fill(owner, 200);
        bed.kill(owner);

        final var first = waitForOneCoordinator();
        bed.kill(first);
        final var second = waitForOneCoordinator();
        assertTrue(!second.equals(first));

        final var returned = bed.start("an-0", DataCoordinationTest::coordinated);
        TestBed.waitFor(() -> coordinators().isEmpty() && followersOf(returned.node().id()));
    }

    @Test
    void withFewerNodesThanChunksRepairSharesTheLostChunksAmongTheNodesLeft() throws Exception {
        final var coding = new CodingParameters(8, 8);
        start(8, coding);
        final var owner = bed.agents.get(0);
        final var sessions = bed.fill(owner, 300);
        bed.kill(owner);
        // Seven holders with two or three chunks of each stripe; two of them go, five are left.
        bed.kill(bed.agents.get(1));
        bed.kill(bed.agents.get(2));
        waitForWholeStripes(coding, 60);

        // Two more go: of sixteen chunks on five nodes, at most seven with them.
        bed.kill(bed.agents.get(1));
        bed.kill(bed.agents.get(2));
        final var read = bed.agents.get(0).lookupOf("an-0").get(60, TimeUnit.SECONDS);
        assertTrue(read.report().complete(), read.report().toString());
        assertEquals(new HashSet<>(sessions), new HashSet<>(read.sessions()));
    }

    /** Kills live agents that hold chunks of the stored versions, up to a count. */
    private void killHolders(final java.util.Map<Integer, SegmentVersion> stored, final int count) {
        final var victims = new ArrayList<AccessNodeAgent>();
        for (var entry : stored.entrySet()) {
            for (int index = 0; index < CODING.totalChunks() && victims.size() < count; index++) {
                bed.holderOf("an-0", entry.getKey(), entry.getValue().generation(), index)
                    .filter(holder -> !victims.contains(holder)).ifPresent(victims::add);
            }
        }
        victims.forEach(bed::kill);
    }

    /** Waits until every chunk of every stored stripe is held by a live agent again. */
    private void waitForWholeStripes(final CodingParameters coding, final int seconds) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!wholeStripes(coding)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stripes not repaired within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    private boolean wholeStripes(final CodingParameters coding) {
        for (int segment = 0; segment < SEGMENTS; segment++) {
            final int seg = segment;
            final var generations = new HashSet<Long>();
            bed.agents.forEach(agent -> agent.chunkStore().visible((key, value, expiry) ->
                org.psp.erasure.ChunkCodec.peekHeader(value)
                    .filter(header -> header.ownerId().equals("an-0") && header.objectName().equals("segment-" + seg))
                    .map(header -> header.generation())).forEach(generations::add));
            final long generation = generations.stream().mapToLong(Long::longValue).max().orElse(-1);
            for (int index = 0; index < coding.totalChunks(); index++) {
                if (bed.holderOf("an-0", segment, generation, index).isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<AccessNodeAgent> coordinators() {
        final var found = new ArrayList<AccessNodeAgent>();
        for (var agent : bed.agents) {
            if (!agent.anId().equals("an-0") && agent.coordinating().join().contains("an-0")) {
                found.add(agent);
            }
        }
        return found;
    }

    private boolean followersOf(final NodeId coordinator) {
        return bed.agents.stream().filter(agent -> !agent.anId().equals("an-0"))
            .map(agent -> agent.coordination().coordinatorOf("an-0").join())
            .allMatch(followed -> followed.isEmpty() || followed.orElseThrow().equals(coordinator));
    }

    private AccessNodeAgent waitForOneCoordinator() throws InterruptedException {
        TestBed.waitFor(() -> coordinators().size() == 1);
        return coordinators().getFirst();
    }
}
