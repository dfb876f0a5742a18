/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.psp.agent.RecoveryReport;
import org.psp.agent.SampleSessions;
import org.psp.agent.SegmentVersion;
import org.psp.agent.SessionEvent;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;

/** Scenarios on the production agents in virtual time: determinism, lost holders, mass failure, partitions. */
class SimulationScenariosTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final CodingParameters CODING = new CodingParameters(4, 4);

    private static ChurnScenario.Settings churn(final long seed) {
        return new ChurnScenario.Settings(40, 30, CODING, Duration.ofMinutes(10), 3, Duration.ofMinutes(2),
            Duration.ofSeconds(20), LinkModel.accessNetwork().withLoss(0.01), seed);
    }

    /** Starts every node, grants the sessions and lets them be stored. */
    private static SimulatedAccessNetwork stored(final int nodes, final long seed) {
        final var net = new SimulatedAccessNetwork(nodes, 30, CODING, LinkModel.accessNetwork(), seed);
        for (int node = 0; node < nodes; node++) {
            net.startFresh(node);
            net.time().runUntil(net.time().nanoTime() + TimeUnit.MILLISECONDS.toNanos(200));
        }
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        for (int node = 0; node < nodes; node++) {
            net.grantSessions(node);
        }
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        return net;
    }

    @Test
    void theSameSeedRunsTheSameEventsAnotherSeedOthersAndEncodingEveryMessageChangesNothing() {
        final var first = new ChurnScenario(churn(5)).run(fraction -> { });
        final var encoding = new ChurnScenario(churn(5));
        encoding.network().network().encodeEveryMessage(true);
        final var again = encoding.run(fraction -> { });
        final var other = new ChurnScenario(churn(6)).run(fraction -> { });
        assertTrue(first.crashes() > 5, "the churn crashed nodes: " + first.crashes());
        assertEquals(first.digest(), again.digest());
        assertEquals(first.events(), again.events());
        assertEquals(first.messagesPerNodeMinute(), again.messagesPerNodeMinute());
        assertNotEquals(first.digest(), other.digest());
        assertTrue(first.recoveriesComplete() > 0, first.text());
    }

    @Test
    void aStripeThatLostMoreThanKChunksIsReportedWithWhatWasFound() {
        final var net = stored(30, 2);
        final int owner = 3;
        final var versions = net.agent(owner).orElseThrow().versions();
        final var segment = versions.keySet().iterator().next();
        final var holders = versions.get(segment).holders();
        // k + 1 holders of the stripe's chunks go down, none of them the owner.
        final Set<NodeId> killed = net.crashHolders(owner, segment, CODING.codingChunks() + 1).stream()
            .map(SimulatedAccessNetwork::nodeId).collect(Collectors.toSet());
        final int alive = (int) holders.stream().filter(holder -> !holder.equals(SimulatedAccessNetwork.nodeId(owner))
            && !killed.contains(holder)).count();
        net.crash(owner);
        final var recovery = net.restart(owner);
        net.time().runWhile(() -> !recovery.isDone(), net.time().nanoTime() + 10 * MINUTE);
        final RecoveryReport report = recovery.join().report().orElseThrow();
        assertEquals(RecoveryReport.Outcome.PARTIAL, report.outcome());
        assertEquals("segment " + segment + ": unrecoverable: found " + alive + " of " + CODING.dataChunks()
            + " needed",
            report.unrecoverable().get(segment), report.toString());
    }

    @Test
    void aThirdOfTheNodesFailingAtOnceLosesNothingTheCodingCovers() {
        final int nodes = 60;
        final var net = stored(nodes, 3);
        final var killed = new ArrayList<Integer>();
        final Map<Integer, Collection<SegmentVersion>> stripes = new HashMap<>();
        while (killed.size() < nodes * 3 / 10) {
            final int node = net.randomLive();
            stripes.put(node, List.copyOf(net.agent(node).orElseThrow().versions().values()));
            killed.add(node);
            net.crash(node);
        }
        final Set<NodeId> down = killed.stream().map(SimulatedAccessNetwork::nodeId).collect(Collectors.toSet());
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        final List<CompletableFuture<SimulatedAccessNetwork.Recovery>> recoveries = killed.stream()
            .map(net::restart).toList();
        net.time().runWhile(() -> !recoveries.stream().allMatch(CompletableFuture::isDone),
            net.time().nanoTime() + 30 * MINUTE);
        int covered = 0;
        for (var pending : recoveries) {
            final var recovery = pending.join();
            // The restarted holders hold nothing: every chunk on a node that went down is gone.
            final boolean withinK = stripes.get(recovery.node()).stream().allMatch(version -> version.holders()
                .stream().filter(down::contains).count() <= CODING.codingChunks());
            if (withinK) {
                covered++;
                assertTrue(recovery.complete(), recovery + " lost no stripe beyond k");
            }
        }
        assertTrue(covered >= killed.size() / 2, covered + " of " + killed.size() + " lost no stripe beyond k");
    }

    @Test
    void aPartitionHealsIntoOneOverlayAndTheNewestVersionIsRecovered() {
        final int nodes = 40;
        final var net = stored(nodes, 4);
        final var sideA = new ArrayList<InetAddress>();
        for (int node = 0; node < nodes / 2; node++) {
            sideA.add(SimulatedNetwork.host(node));
        }
        net.network().partition(sideA);
        // An owner on side A changes its sessions and stores them where it can: on side A only.
        final int owner = 5;
        final var agent = net.agent(owner).orElseThrow();
        agent.memory().apply(new SessionEvent.Granted(SampleSessions.session(new Random(1), 1000,
            net.time().instant())));
        final var expected = Set.copyOf(agent.memory().all());
        net.time().runUntil(net.time().nanoTime() + 5 * MINUTE);
        assertEquals(0, agent.memory().dirtyCount(), "stored on its side");
        net.network().heal();
        // Within one maintenance round (15 minutes) every node finds the nodes of the other side again.
        net.time().runUntil(net.time().nanoTime() + 16 * MINUTE);
        final var lookups = new ArrayList<CompletableFuture<Boolean>>();
        for (int asker = 0; asker < nodes; asker++) {
            final int target = (asker + nodes / 2) % nodes;
            final var targetId = SimulatedAccessNetwork.nodeId(target);
            lookups.add(net.agent(asker).orElseThrow().node().lookup(targetId)
                .thenApply(found -> found.closest().get(0).id().equals(targetId)));
        }
        net.time().runWhile(() -> !lookups.stream().allMatch(CompletableFuture::isDone),
            net.time().nanoTime() + MINUTE);
        assertTrue(lookups.stream().allMatch(CompletableFuture::join), "every node finds the other side's nodes");
        // The owner restarts empty: it recovers the version it stored during the partition, not the older one the
        // other side kept.
        net.crash(owner);
        final var recovery = net.restart(owner);
        net.time().runWhile(() -> !recovery.isDone(), net.time().nanoTime() + 10 * MINUTE);
        assertTrue(recovery.join().complete(), recovery.join().toString());
        assertEquals(expected, Set.copyOf(net.agent(owner).orElseThrow().memory().all()));
    }
}
