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
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void aNodeAsksEachDeadContactOnceAfterAFailureAndLookupsAreExactOnceTheDeadAreKnown() throws Exception {
        try (var network = new KadTestNetwork().grow(64)) {
            final var victims = new ArrayList<>(network.nodes);
            Collections.shuffle(victims, network.random());
            final List<KadNode> killed = List.copyOf(victims.subList(0, 20));
            killed.forEach(KadNode::close);
            final var live = new ArrayList<>(network.nodes);
            live.removeAll(killed);
            final var targets = new ArrayList<NodeId>();
            for (int i = 0; i < 20; i++) {
                targets.add(new NodeId(network.random().nextLong(), network.random().nextLong()));
            }
            // Right after the failure every node looks the targets up once, meeting the dead in its table.
            final var lookups = new ArrayList<CompletableFuture<LookupResult>>();
            for (var node : live) {
                targets.forEach(target -> lookups.add(node.lookup(target)));
            }
            CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            // The same lookups again: the dead were found out and are neither asked nor handed out, so the lookups
            // are exact and hardly time out. (Not "never": on a loaded machine a live node may answer late.)
            final var asker = live.get(0);
            final long firstRound = asker.stats().timeouts();
            assertTrue(firstRound > 0, "the first lookups met dead contacts");
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
