/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The overlay's index over real UDP on the loopback: published on the closest nodes, found from anywhere. */
class KadIndexTest {
    private static final Duration STORING = Duration.ofMinutes(10);
    private static final int REPLICAS = 3;

    private static IndexRecord record(final KadNode publisher, final long version, final long from, final long until) {
        return new IndexRecord(NodeId.keyOf(publisher.config().anId(), "session 1/1/7"), version, from, until,
            ("served by " + publisher.config().anId()).getBytes(StandardCharsets.UTF_8));
    }

    /** The network's nodes, closest to a key first. */
    private static List<KadNode> byDistance(final KadTestNetwork network, final NodeId key) {
        return network.nodes.stream().sorted(Comparator.comparing(KadNode::id, NodeId.byDistanceTo(key))).toList();
    }

    @Test
    void aRecordIsHeldByTheClosestNodesFoundFromEveryMemberAndAClientAndEndsWithItsNewestVersion()
            throws Exception {
        try (var network = new KadTestNetwork().grow(20)) {
            final var key = NodeId.keyOf("index", "ipv4 192.0.2.77");
            final var publisher = network.nodes.get(4);
            final long now = publisher.clock().millis();
            final var live = record(publisher, 1, now - 60_000, now + 3_600_000);
            final var outcomes = publisher.index().publish(key, live, STORING, REPLICAS, List.of())
                .get(30, TimeUnit.SECONDS);
            assertEquals(REPLICAS, outcomes.size());
            assertTrue(outcomes.values().stream().allMatch(ValueStore.Outcome::accepted), outcomes.toString());
            // Exactly the closest nodes hold it.
            final var holders = network.nodes.stream().filter(node -> node.index().table().size() == 1)
                .map(KadNode::id).sorted(NodeId.byDistanceTo(key)).toList();
            assertEquals(KadTestNetwork.trueClosest(network.nodes, key, REPLICAS), holders);

            for (var asker : network.nodes) {
                final var answer = asker.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(live), answer.records(), asker.config().anId());
                assertEquals(2 * REPLICAS, answer.asked());
                assertEquals(answer.asked(), answer.answered());
            }
            final var client = KadNode.startClient(KadTestNetwork.config("controller", KadTestNetwork.OVERLAY_KEY),
                network.group);
            try {
                client.join(List.of(network.nodes.get(0).contact().address())).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(live), client.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS)
                    .records());

                // The session ends: valid no more now, still found for an instant within its time.
                final var ended = record(publisher, 2, now - 60_000, now);
                publisher.index().publish(key, ended, STORING, REPLICAS, List.of()).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(), client.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS).records());
                assertEquals(List.of(ended), client.index().find(key, now - 30_000, REPLICAS)
                    .get(30, TimeUnit.SECONDS).records());
                // An old copy published late does not bring it back.
                publisher.index().publish(key, live, STORING, REPLICAS, List.of()).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(), client.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS).records());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aRecordWhoseHoldersAllDiedIsFoundAgainOnceItsPublisherPublishesItAgain() throws Exception {
        try (var network = new KadTestNetwork().grow(16)) {
            final var key = NodeId.keyOf("index", "mac 02:00:5e:10:00:01");
            final var closest = KadTestNetwork.trueClosest(network.nodes, key, REPLICAS);
            final var others = network.nodes.stream().filter(node -> !closest.contains(node.id())).toList();
            final var publisher = others.get(0);
            final var asker = others.get(others.size() - 1);
            final long now = publisher.clock().millis();
            final var live = record(publisher, 1, now, now + 3_600_000);
            final var first = publisher.index().publish(key, live, STORING, REPLICAS, List.of())
                .get(30, TimeUnit.SECONDS);
            final var holders = network.nodes.stream().filter(node -> node.index().table().size() == 1).toList();
            assertEquals(closest, holders.stream().map(KadNode::id).sorted(NodeId.byDistanceTo(key)).toList());
            holders.forEach(KadNode::close);
            assertEquals(List.of(), asker.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS).records());
            // Published again from the holders it remembers, all dead: the lookup goes on from the routing table.
            final var again = record(publisher, 2, now, now + 3_600_000);
            final var outcomes = publisher.index().publish(key, again, STORING, REPLICAS, first.keySet())
                .get(30, TimeUnit.SECONDS);
            assertTrue(outcomes.keySet().stream().noneMatch(contact -> holders.stream()
                .anyMatch(dead -> dead.id().equals(contact.id()))), "no dead holder chosen again: " + outcomes);
            assertEquals(List.of(again), asker.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS).records());
        }
    }

    @Test
    void publishingAgainFromTheLastHoldersAsksOnlyThemAndStillReachesANodeThatJoinedCloser()
            throws Exception {
        try (var network = new KadTestNetwork().grow(128)) {
            // The node that joined last: it knows the fewest nodes close to a key.
            final var publisher = network.nodes.getLast();
            final long now = publisher.clock().millis();
            final var keys = IntStream.range(0, 10).mapToObj(i -> NodeId.keyOf("index", "ipv4 192.0.2." + i))
                .toList();
            final var lastHolders = new ArrayList<Collection<Contact>>();
            long unhinted = 0;
            for (var key : keys) {
                final long before = publisher.stats().sent();
                lastHolders.add(publisher.index().publish(key, record(publisher, 1, now, now + 3_600_000), STORING,
                    REPLICAS, List.of()).get(30, TimeUnit.SECONDS).keySet());
                unhinted += publisher.stats().sent() - before;
            }
            long hinted = 0;
            int oneRequestPerHolder = 0;
            for (int i = 0; i < keys.size(); i++) {
                final long before = publisher.stats().sent();
                final var outcomes = publisher.index().publish(keys.get(i), record(publisher, 2, now,
                    now + 3_600_000), STORING, REPLICAS, lastHolders.get(i)).get(30, TimeUnit.SECONDS);
                final long requests = publisher.stats().sent() - before;
                hinted += requests;
                // None joined or left: the same holders, each asked once.
                if (requests == REPLICAS && outcomes.keySet().equals(lastHolders.get(i))) {
                    oneRequestPerHolder++;
                }
                assertTrue(outcomes.values().stream().allMatch(ValueStore.Outcome::accepted), outcomes.toString());
            }
            assertTrue(hinted < unhinted, hinted + " requests from the last holders, " + unhinted + " without");
            // Most, as an answer slowed past the lookup's timeouts on a loaded host has it ask another node.
            assertTrue(oneRequestPerHolder > keys.size() / 2, oneRequestPerHolder + " of " + keys.size()
                + " publications asked only their holders, and were kept by them");

            // A node joins closer to the first key than its holders: the holders point the next publication to it.
            final var key = keys.getFirst();
            final var closestBefore = KadTestNetwork.trueClosest(network.nodes, key, 1).getFirst();
            final var name = IntStream.range(0, 10_000).mapToObj(i -> "newcomer-" + i)
                .filter(candidate -> NodeId.byDistanceTo(key).compare(NodeId.ofAccessNode(candidate),
                    closestBefore) < 0)
                .findFirst().orElseThrow();
            final var newcomer = network.add(name);
            final var latest = record(publisher, 3, now, now + 3_600_000);
            final var outcomes = publisher.index().publish(key, latest, STORING, REPLICAS, lastHolders.getFirst())
                .get(30, TimeUnit.SECONDS);
            assertTrue(outcomes.containsKey(newcomer.contact()), outcomes.toString());
            // A former holder that knew no more than two nodes closer to the key may keep a copy too.
            for (var closest : KadTestNetwork.trueClosest(network.nodes, key, REPLICAS)) {
                final var holder = network.nodes.stream().filter(node -> node.id().equals(closest)).findFirst()
                    .orElseThrow();
                assertEquals(List.of(latest), holder.index().table().find(key, now, holder.clock().millis(), 1024));
            }
        }
    }

    @Test
    void aNodeThatJoinsCloserToAKeyThanItsHoldersGetsItsRecordsFromThem() throws Exception {
        try (var network = new KadTestNetwork().grow(8)) {
            final var key = NodeId.keyOf("index", "circuit-id olt 1/1/1:1");
            final var publisher = network.nodes.get(5);
            final long now = publisher.clock().millis();
            final var live = record(publisher, 1, now, now + 3_600_000);
            publisher.index().publish(key, live, STORING, REPLICAS, List.of()).get(30, TimeUnit.SECONDS);
            final var closestBefore = KadTestNetwork.trueClosest(network.nodes, key, 1).get(0);
            final var name = IntStream.range(0, 10_000).mapToObj(i -> "newcomer-" + i)
                .filter(candidate -> NodeId.byDistanceTo(key).compare(NodeId.ofAccessNode(candidate),
                    closestBefore) < 0)
                .findFirst().orElseThrow();
            final var newcomer = network.add(name);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (newcomer.index().table().find(key, now, newcomer.clock().millis(), 1024).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the newcomer got the record it is closest to");
                Thread.sleep(20);
            }
            assertEquals(List.of(live), newcomer.index().table().find(key, now, newcomer.clock().millis(), 1024));
        }
    }

    @Test
    void aClosestNodeThatDeclinedForACloserNodeThatIsDownKeepsTheRecordInAnyCase() throws Exception {
        try (var network = new KadTestNetwork().grow(8)) {
            final var key = NodeId.keyOf("index", "mac 02:00:5e:10:00:01");
            final var byDistance = byDistance(network, key);
            final var publisher = byDistance.get(7);
            // The closest node crashes; only the publisher will see it fail. The fourth closest still knows three
            // members closer to the key than itself, so it declines the record the lookup carries.
            byDistance.get(0).close();
            final long now = publisher.clock().millis();
            final var live = record(publisher, 1, now, now + 3_600_000);
            final var outcomes = publisher.index().publish(key, live, STORING, REPLICAS, List.of())
                .get(30, TimeUnit.SECONDS);
            final var holders = outcomes.keySet().stream()
                .sorted(Comparator.comparing(Contact::id, NodeId.byDistanceTo(key))).toList();
            assertEquals(byDistance.subList(1, 4).stream().map(KadNode::contact).toList(), holders);
            assertTrue(outcomes.values().stream().allMatch(ValueStore.Outcome::accepted), outcomes.toString());
            assertEquals(List.of(live), byDistance.get(3).index().table().find(key, now, now, 1024));
        }
    }

    @Test
    void aTombstoneOnTheClosestNodesHidesAnOlderCopyThatANodeBesideThemStillHolds() throws Exception {
        try (var network = new KadTestNetwork().grow(8)) {
            final var key = NodeId.keyOf("index", "ipv4 192.0.2.44");
            final var byDistance = byDistance(network, key);
            final var publisher = byDistance.get(7);
            final long now = publisher.clock().millis();
            final var live = record(publisher, 1, now - 60_000, now + 3_600_000);
            // The fourth closest took the live record, as a node that knew too few nodes closer to the key does.
            final var beside = byDistance.get(3);
            publisher.request(beside.contact(), new KadMessage.IndexPut(key, live, 600, 0)).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(live), publisher.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS)
                .records());

            publisher.index().publish(key, IndexRecord.tombstone(live, 2), STORING, REPLICAS, List.of())
                .get(30, TimeUnit.SECONDS);
            for (var asker : network.nodes) {
                assertEquals(List.of(), asker.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS).records(),
                    asker.config().anId());
            }
            assertEquals(List.of(live), beside.index().table().find(key, now, now, 1024));
        }
    }

    @Test
    void aNodeOutsideTheOverlayFindsNothingAndIsCounted() throws Exception {
        try (var network = new KadTestNetwork().grow(8)) {
            final var key = NodeId.keyOf("index", "ipv4 192.0.2.9");
            final var publisher = network.nodes.get(1);
            final long now = publisher.clock().millis();
            publisher.index().publish(key, record(publisher, 1, now, now + 60_000), STORING, REPLICAS, List.of())
                .get(30, TimeUnit.SECONDS);
            final var outsider = KadNode.startClient(KadTestNetwork.config("outsider",
                "not the overlay's key, someone else's".getBytes(StandardCharsets.UTF_8)), network.group);
            try {
                final long unauthenticatedBefore = network.nodes.stream()
                    .mapToLong(node -> node.stats().unauthenticated.sum()).sum();
                outsider.routingTable().update(network.nodes.get(0).contact());
                final var answer = outsider.index().find(key, now, REPLICAS).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(), answer.records());
                assertEquals(0, answer.answered());
                assertTrue(network.nodes.stream().mapToLong(node -> node.stats().unauthenticated.sum()).sum()
                    > unauthenticatedBefore);
            } finally {
                outsider.close();
            }
        }
    }
}
