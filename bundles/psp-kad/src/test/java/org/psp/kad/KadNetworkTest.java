/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KadNetworkTest {
    private static final System.Logger LOG = System.getLogger(KadNetworkTest.class.getName());

    @ParameterizedTest
    @ValueSource(ints = {2, 16, 128, 512})
    void lookupsReturnExactlyTheTrueClosestLiveNodes(final int size) throws Exception {
        try (var network = new KadTestNetwork().grow(size)) {
            final var hops = new ArrayList<Integer>();
            for (int round = 0; round < 40; round++) {
                final var asker = network.nodes.get(network.random().nextInt(size));
                final var target = new NodeId(network.random().nextLong(), network.random().nextLong());
                final var result = asker.lookup(target).get(10, TimeUnit.SECONDS);
                final var others = network.nodes.stream().filter(node -> node != asker).toList();
                assertEquals(KadTestNetwork.trueClosest(others, target, 10),
                    result.closest().stream().map(Contact::id).toList(), "lookup of " + target + " in " + size);
                hops.add(result.hops());
            }
            Collections.sort(hops);
            final int median = hops.get(hops.size() / 2);
            final int bound = (int) Math.ceil(Math.log(size) / Math.log(2));
            LOG.log(Level.INFO, "N={0} hops: median {1}, max {2}, all {3}", size, median,
                hops.get(hops.size() - 1), hops);
            assertTrue(median <= Math.max(1, bound), "median hops " + median + " above " + bound);
        }
    }

    @Test
    void valuesSurviveThirtyPercentOfNodesKilledAndNewNodesJoin() throws Exception {
        try (var network = new KadTestNetwork().grow(100)) {
            final var keys = new ArrayList<NodeId>();
            for (int i = 0; i < 20; i++) {
                final var key = NodeId.keyOf("an-7", "segment-" + i + "/chunk-0");
                final var stored = network.nodes.get(i).store(key, ("value " + i).getBytes(), Duration.ZERO).get(10,
                    TimeUnit.SECONDS);
                assertEquals(10, stored.values().stream().filter(ValueStore.Outcome::accepted).count());
                keys.add(key);
            }
            final var victims = new ArrayList<>(network.nodes);
            Collections.shuffle(victims, network.random());
            final List<KadNode> killed = victims.subList(0, 30);
            killed.forEach(KadNode::close);
            final var live = new ArrayList<>(network.nodes);
            live.removeAll(killed);

            for (int i = 0; i < keys.size(); i++) {
                final var asker = live.get(network.random().nextInt(live.size()));
                final var found = asker.findValue(keys.get(i)).get(20, TimeUnit.SECONDS);
                assertArrayEquals(("value " + i).getBytes(), found.value().orElseThrow(), "value " + i);
            }
            // After the bucket refresh that maintenance runs, lookups are exact again, and a node that joins now is
            // found by everyone.
            for (var node : live) {
                node.refresh(-1).get(20, TimeUnit.SECONDS);
            }
            final var newcomer = network.add("an-newcomer");
            live.add(newcomer);
            for (int round = 0; round < 20; round++) {
                final var asker = live.get(network.random().nextInt(live.size()));
                final var result = asker.lookup(newcomer.id()).get(20, TimeUnit.SECONDS);
                final var others = live.stream().filter(node -> node != asker).toList();
                assertEquals(KadTestNetwork.trueClosest(others, newcomer.id(), 10),
                    result.closest().stream().map(Contact::id).toList());
            }
        }
    }

    @Test
    void locatingANodeFindsItWithFarFewerRequestsThanALookupAndNotOnceItIsGone() throws Exception {
        try (var network = new KadTestNetwork().grow(64)) {
            final var asker = network.nodes.getFirst();
            final var targets = network.nodes.subList(1, 11);
            long locating = 0;
            long lookingUp = 0;
            for (var target : targets) {
                long before = asker.stats().sent();
                assertEquals(Optional.of(target.id()), asker.locate(target.id()).get(20, TimeUnit.SECONDS)
                    .map(Contact::id));
                locating += asker.stats().sent() - before;
                before = asker.stats().sent();
                assertTrue(asker.lookup(target.id()).get(20, TimeUnit.SECONDS).closest().stream()
                    .anyMatch(contact -> contact.id().equals(target.id())));
                lookingUp += asker.stats().sent() - before;
            }
            assertTrue(2 * locating < lookingUp, locating + " requests to locate, " + lookingUp + " to look up");

            final var gone = network.nodes.get(20);
            gone.close();
            assertEquals(Optional.empty(), asker.locate(gone.id()).get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void lookingUpFewerNodesFindsNodesNearTheTargetWithFewerRequests() throws Exception {
        try (var network = new KadTestNetwork().grow(64)) {
            // The node that joined last: it knows the fewest nodes close to a target.
            final var asker = network.nodes.getLast();
            final var targets = IntStream.range(0, 10).mapToObj(i -> NodeId.keyOf("chunk", "target " + i)).toList();
            long few = 0;
            long all = 0;
            for (var target : targets) {
                long before = asker.stats().sent();
                final var closest = asker.lookup(target, 4).get(20, TimeUnit.SECONDS).closest();
                few += asker.stats().sent() - before;
                // Near the target, not necessarily the very closest: placements need no more.
                assertEquals(4, closest.size());
                assertTrue(KadTestNetwork.trueClosest(network.nodes, target, asker.config().bucketSize())
                    .containsAll(closest.stream().map(Contact::id).toList()), closest.toString());
                before = asker.stats().sent();
                asker.lookup(target).get(20, TimeUnit.SECONDS);
                all += asker.stats().sent() - before;
            }
            assertTrue(few < all, few + " requests for the 4 closest, " + all + " for the K closest");
            assertThrows(IllegalArgumentException.class, () -> asker.lookup(targets.getFirst(), 0));
            assertThrows(IllegalArgumentException.class,
                () -> asker.lookup(targets.getFirst(), asker.config().bucketSize() + 1));
        }
    }

    @Test
    void oneFailureSeenHasTheWholeTableCheckedSoThatTheDeadAreNeitherAskedNorHandedOut() throws Exception {
        try (var network = new KadTestNetwork().grow(64)) {
            final var victims = new ArrayList<>(network.nodes);
            Collections.shuffle(victims, network.random());
            final List<KadNode> killed = List.copyOf(victims.subList(0, 20));
            killed.forEach(KadNode::close);
            final var killedIds = killed.stream().map(KadNode::id).collect(Collectors.toSet());
            final var live = new ArrayList<>(network.nodes);
            live.removeAll(killed);
            final var asker = live.get(0);
            final var deadKnown = asker.routingTable().contacts().stream()
                .filter(contact -> killedIds.contains(contact.id())).toList();
            assertTrue(deadKnown.size() > 1, "the asker knew " + deadKnown.size() + " of the killed nodes");

            // One request to one dead contact fails; the node then checks all the others by itself.
            final var failed = asker.request(deadKnown.get(0), new KadMessage.Ping());
            assertThrows(ExecutionException.class, () -> failed.get(30, TimeUnit.SECONDS));
            waitUntil(() -> deadKnown.stream().allMatch(dead -> asker.routingTable().suspect(dead.id())
                || asker.routingTable().find(dead.id()).isEmpty()), "every dead contact suspect");

            // Right after the failure every node looks the targets up once, meeting the dead in its table.
            final var targets = new ArrayList<NodeId>();
            for (int i = 0; i < 20; i++) {
                targets.add(new NodeId(network.random().nextLong(), network.random().nextLong()));
            }
            final var lookups = new ArrayList<CompletableFuture<LookupResult>>();
            for (var node : live) {
                targets.forEach(target -> lookups.add(node.lookup(target)));
            }
            CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            // Silent contacts are pinged again until the tables drop them.
            waitUntil(() -> live.stream().noneMatch(KadNode::sweeping), "every node done checking");
            waitUntil(() -> asker.routingTable().contacts().stream().noneMatch(c -> killedIds.contains(c.id())),
                "the dead gone from the asker's table");
            assertTrue(asker.stats().contactsDropped() >= deadKnown.size(), "dropped " + asker.stats()
                .contactsDropped() + " of " + deadKnown.size());

            // The same lookups again: exact, and they hardly time out. (Not "never": on a loaded machine a live node
            // may answer late.)
            final long firstRound = asker.stats().timeouts();
            final var others = live.stream().filter(node -> node != asker).toList();
            for (var target : targets) {
                final var result = asker.lookup(target).get(20, TimeUnit.SECONDS);
                assertEquals(KadTestNetwork.trueClosest(others, target, 10),
                    result.closest().stream().map(Contact::id).toList(), "lookup of " + target);
            }
            final long secondRound = asker.stats().timeouts() - firstRound;
            assertTrue(secondRound <= firstRound / 4, "timeouts: " + firstRound + ", then " + secondRound);
        }
    }

    @Test
    void aHostStalledForSecondsKeepsItsPlaceInTheTablesOfASmallOverlay() throws Exception {
        // Two hosts of four nodes each, one event-loop thread per host.
        final EventLoopGroup steady = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final EventLoopGroup stalling = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        final var nodes = new ArrayList<KadNode>();
        try {
            for (int i = 0; i < 8; i++) {
                final var node = KadNode.start(KadTestNetwork.config("an-" + i, KadTestNetwork.OVERLAY_KEY),
                    i % 2 == 0 ? steady : stalling, new MemoryValueStore(1 << 20));
                if (!nodes.isEmpty()) {
                    node.join(List.of(nodes.get(0).contact().address())).get(30, TimeUnit.SECONDS);
                }
                nodes.add(node);
            }
            for (var node : nodes) {
                waitUntil(() -> node.routingTable().size() == 7, node.id() + " knows the seven others");
            }

            // The second host stalls for three seconds, longer than two rounds of checks are apart.
            stalling.execute(() -> sleepUninterruptibly(Duration.ofSeconds(3)));
            final var lookups = nodes.stream().map(node -> node.lookup(node.id())).toList();
            CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertTrue(nodes.stream().mapToLong(node -> node.stats().timeouts()).sum() > 0, "the stall went unseen");
            waitUntil(() -> nodes.stream().noneMatch(KadNode::sweeping), "every node done checking");

            assertEquals(0, nodes.stream().mapToLong(node -> node.stats().contactsDropped()).sum());
            nodes.forEach(node -> assertEquals(7, node.routingTable().size()));
        } finally {
            nodes.forEach(KadNode::close);
            steady.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            stalling.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void sleepUninterruptibly(final Duration stall) {
        final long end = System.nanoTime() + stall.toNanos();
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Duration.ofNanos(end - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void waitUntil(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 60 s: " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void storeToAFullNodeIsRefusedAndTheCallerLearnsWhy() throws Exception {
        try (var network = new KadTestNetwork()) {
            final var full = KadNode.start(KadTestNetwork.config("an-full", KadTestNetwork.OVERLAY_KEY),
                network.group, new MemoryValueStore(4));
            network.nodes.add(full);
            final var writer = network.add("an-writer");
            final var outcome = writer.store(NodeId.keyOf("an-writer", "x"), new byte[10], Duration.ZERO)
                .get(10, TimeUnit.SECONDS);
            assertEquals(1, outcome.size());
            final var refusal = outcome.values().iterator().next();
            assertTrue(!refusal.accepted() && refusal.reason().startsWith("store full"), refusal.toString());
        }
    }
}
