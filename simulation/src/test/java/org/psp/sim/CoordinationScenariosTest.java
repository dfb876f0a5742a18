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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.agent.AgentConfig;
import org.psp.agent.CoordinationSettings;
import org.psp.agent.Retrieval;
import org.psp.erasure.CodingParameters;

/**
 * An owner that is gone for good, in simulated access networks: its holders keep its data alive by repair through
 * churn, elect a new coordinator when theirs dies, and end with one coordinator after a partition heals.
 */
class CoordinationScenariosTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final CodingParameters CODING = new CodingParameters(4, 4);
    private static final int OWNER = 0;

    private static SimulatedAccessNetwork stored(final int nodes, final Duration interval, final boolean repair,
            final long seed) {
        return stored(nodes, new CoordinationSettings(interval, CODING.codingChunks() - 1, repair), seed);
    }

    private static SimulatedAccessNetwork stored(final int nodes, final CoordinationSettings coordination,
            final long seed) {
        final var net = new SimulatedAccessNetwork(nodes, 30, CODING, LinkModel.accessNetwork(), seed, config ->
            new AgentConfig(config.kad(), config.coding(), config.segments(), config.capacityBytes(),
                Duration.ofHours(6), config.deleteGrace(), config.storeInterval(), config.index().withEnabled(false),
                coordination));
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

    /** Runs UDD's churn, 59 % of the nodes replaced per hour, one at a time; the owner stays down. */
    private static void churn(final SimulatedAccessNetwork net, final Duration span) {
        final long end = net.time().nanoTime() + span.toNanos();
        final long gap = TimeUnit.HOURS.toNanos(1) / Math.round(net.size() * 0.59);
        while (net.time().nanoTime() + gap <= end) {
            net.time().runUntil(net.time().nanoTime() + gap);
            net.replaceOne(node -> true, node -> node != OWNER);
        }
        net.time().runUntil(end);
    }

    /** Stores on 60 nodes, crashes the owner for good, then runs two hours of churn. */
    private static SimulatedAccessNetwork churnedWithoutOwner(final Duration interval, final boolean repair) {
        final var net = stored(60, interval, repair, 3);
        net.crash(OWNER);
        churn(net, Duration.ofHours(2));
        return net;
    }

    private static Retrieval readOwner(final SimulatedAccessNetwork net) {
        return await(net, net.agent(net.randomLive()).orElseThrow().lookupOf(SimulatedAccessNetwork.anId(OWNER)));
    }

    private static <T> T await(final SimulatedAccessNetwork net, final CompletableFuture<T> future) {
        net.time().runWhile(() -> !future.isDone(), net.time().nanoTime() + 10 * MINUTE);
        return future.join();
    }

    @Test
    void repairKeepsAnOwnersDataThroughTwoHoursOfChurnThatErodesItWithout() {
        final var repaired = churnedWithoutOwner(Duration.ofMinutes(5), true);
        final int kept = readOwner(repaired).report().segments();

        long chunksRepaired = 0;
        for (int node = 0; node < repaired.size(); node++) {
            final var agent = repaired.agent(node);
            if (agent.isPresent()) {
                chunksRepaired += await(repaired, agent.orElseThrow().coordinationCounters()).chunksRepaired();
            }
        }
        assertTrue(chunksRepaired > 0, "chunks repaired: " + chunksRepaired);

        final int left = readOwner(churnedWithoutOwner(Duration.ofMinutes(5), false)).report().segments();
        // 16 segments; 59 % of the nodes replaced per hour takes most of them without repair.
        assertTrue(kept >= 12 && left <= kept / 2, "segments readable with repair " + kept + ", without " + left);
    }

    @Test
    void aHolderThatCrashedJustAfterItsReportIsFoundAtTheNextRoundByAskingNotAnIntervalLater() {
        final var interval = Duration.ofMinutes(5);
        // 4 + 4 repaired at 6 live chunks: a stripe counted at 7 is checked.
        final var net = stored(40, new CoordinationSettings(interval, 2, true), 11);
        final var owner = net.agent(OWNER).orElseThrow();
        final var first = net.crashHolders(OWNER, 0, 1).getFirst();
        // Three rounds later the owner counts 7 of the stripe's chunks. The nodes started within seconds of each
        // other, and so did their intervals: a minute past a round, every holder has just reported.
        net.time().runUntil(5 * interval.toNanos() + MINUTE);
        final var before = owner.versions().get(0);
        // The first two holders in chunk order: the one already down, and another.
        final var crashed = SimulatedAccessNetwork.nodeId(net.crashHolders(OWNER, 0, 2).stream()
            .filter(node -> node != first).findFirst().orElseThrow());
        final long crashedAt = net.time().nanoTime();

        // The crashed holder's last report counts until an interval and a half after it, past the next round; the
        // check of the stripe, counted one above the threshold, finds it gone and the owner repairs at once.
        while (owner.versions().get(0).holders().equals(before.holders())
                && net.time().nanoTime() - crashedAt < 3 * interval.toNanos()) {
            net.time().runUntil(net.time().nanoTime() + MINUTE / 6);
        }
        final long took = net.time().nanoTime() - crashedAt;
        assertTrue(took < interval.toNanos() + 2 * MINUTE, "repaired after " + Duration.ofNanos(took));
        final var after = owner.versions().get(0).holders();
        final var firstId = SimulatedAccessNetwork.nodeId(first);
        for (int index = 0; index < after.size(); index++) {
            final var holder = before.holders().get(index);
            assertEquals(holder.equals(crashed) || holder.equals(firstId), !after.get(index).equals(holder),
                "chunk " + index + " moved if and only if its holder crashed");
        }
    }

    @Test
    void withAnHourlyIntervalANewCoordinatorPollsTheHoldersAndRepairsAtOnce() {
        // Holders find the owner gone at their first heartbeat, up to an hour in; the coordinator they elect asks
        // them what they hold instead of waiting an interval and a half for their next heartbeats.
        final int kept = readOwner(churnedWithoutOwner(Duration.ofHours(1), true)).report().segments();
        final int left = readOwner(churnedWithoutOwner(Duration.ofHours(1), false)).report().segments();
        // A stripe of 4 + 4 loses more than 4 holders within an hour about a quarter of the time: some are lost
        // between two heartbeats whatever the coordinator does.
        assertTrue(kept >= left + 4, "segments readable with repair " + kept + ", without " + left);
    }

    @Test
    void aDeadCoordinatorIsReplacedWithinTwoIntervalsAndAHealedPartitionEndsWithOne() {
        // Short enough that each side of a four-minute partition elects its own coordinator; the overlay itself
        // takes up to a maintenance round (15 minutes) to join the two sides again after the heal.
        final var interval = Duration.ofMinutes(1);
        final var net = stored(40, interval, true, 5);
        net.crash(OWNER);
        net.time().runUntil(net.time().nanoTime() + 3 * interval.toNanos());
        final var first = coordinators(net);
        assertEquals(1, first.size(), "one coordinator once the owner is gone: " + first);

        net.crash(first.getFirst());
        final long crashedAt = net.time().nanoTime();
        while (coordinators(net).size() != 1 && net.time().nanoTime() - crashedAt < 4 * interval.toNanos()) {
            net.time().runUntil(net.time().nanoTime() + MINUTE / 6);
        }
        final long took = net.time().nanoTime() - crashedAt;
        assertTrue(took <= 2 * interval.toNanos(), "re-elected after " + Duration.ofNanos(took));
        final var second = coordinators(net);
        assertEquals(1, second.size());
        assertNotEquals(first, second);

        final var sideA = new ArrayList<InetAddress>();
        for (int node = 0; node < net.size() / 2; node++) {
            sideA.add(SimulatedNetwork.host(node));
        }
        net.network().partition(sideA);
        net.time().runUntil(net.time().nanoTime() + 4 * interval.toNanos());
        assertEquals(2, coordinators(net).size(), "each side elects its own: " + coordinators(net));

        net.network().heal();
        net.time().runUntil(net.time().nanoTime() + TimeUnit.MINUTES.toNanos(20));
        assertEquals(1, coordinators(net).size(), "one after the heal: " + coordinators(net));
        assertTrue(readOwner(net).report().complete());
    }

    /** The nodes that coordinate the owner's data. */
    private static List<Integer> coordinators(final SimulatedAccessNetwork net) {
        final var found = new ArrayList<Integer>();
        for (int node = 0; node < net.size(); node++) {
            final var agent = net.agent(node);
            if (agent.isPresent() && await(net, agent.orElseThrow().coordinating())
                    .contains(SimulatedAccessNetwork.anId(OWNER))) {
                found.add(node);
            }
        }
        return found;
    }
}
