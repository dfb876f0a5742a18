/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private static final NodeId SELF = NodeId.ofAccessNode("self");

    private static Contact contact(final NodeId id) {
        return new Contact(id, new InetSocketAddress("127.0.0.1", 4000), 0);
    }

    @Test
    void keepsEveryContactNearTheOwnIdAndAFewFarAway() {
        final var table = new RoutingTable(SELF, 10);
        final var random = new Random(3);
        final var all = new ArrayList<NodeId>();
        for (int i = 0; i < 2000; i++) {
            final var id = new NodeId(random.nextLong(), random.nextLong());
            all.add(id);
            table.update(contact(id));
        }
        // The buckets split along the own id's path: of the few ids that share many bits with the own id, none is
        // ever turned away.
        int depth = 0;
        while (countSharing(all, depth) > 10) {
            depth++;
        }
        final int shared = depth;
        final var near = all.stream().filter(id -> SELF.commonPrefixLength(id) >= shared)
            .sorted(Comparator.comparing(id -> id, NodeId.byDistanceTo(SELF))).toList();
        assertEquals(near, table.closest(SELF, near.size()).stream().map(Contact::id).toList());
        // Far away, a bucket holds K: about K per bit of distance.
        assertTrue(table.size() < 10 * 14, "size " + table.size());
        assertTrue(table.size() > 10 * 6, "size " + table.size());
    }

    @Test
    void theClosestContactsAreThoseOfTheWholeTableByDistanceForAnyTargetAndCount() {
        final var table = new RoutingTable(SELF, 8);
        final var random = new Random(17);
        for (int i = 0; i < 3000; i++) {
            table.update(contact(new NodeId(random.nextLong(), random.nextLong())));
        }
        final var targets = new ArrayList<NodeId>(List.of(SELF));
        for (int i = 0; i < 200; i++) {
            final var target = new NodeId(random.nextLong(), random.nextLong());
            targets.add(target);
            // Targets near the own id too, where the deepest buckets hold the closest.
            targets.add(SELF.flip(60 + random.nextInt(68)));
            // And targets sharing each number of leading bits the buckets span, with any bits after them.
            targets.add(sharing(i % 12, new NodeId(random.nextLong(), random.nextLong())));
        }
        for (var target : targets) {
            for (int count : new int[] {1, 3, 8, 20, 200}) {
                final var expected = table.contacts().stream().map(Contact::id)
                    .sorted(NodeId.byDistanceTo(target)).limit(count).toList();
                assertEquals(expected, table.closest(target, count).stream().map(Contact::id).toList(),
                    "target " + target + ", count " + count);
            }
        }
    }

    /** The id with its leading bits set to the own id's, and the next one different. */
    private static NodeId sharing(final int bits, final NodeId id) {
        var shared = id;
        for (int bit = 0; bit <= bits; bit++) {
            final boolean wanted = bit < bits ? SELF.bit(bit) : !SELF.bit(bit);
            if (shared.bit(bit) != wanted) {
                shared = shared.flip(bit);
            }
        }
        return shared;
    }

    private static long countSharing(final List<NodeId> ids, final int depth) {
        return ids.stream().filter(id -> SELF.commonPrefixLength(id) >= depth).count();
    }

    @Test
    void aFullBucketAsksToCheckItsOldestContactOnceSilentForAMinuteWhoseFailurePromotesTheNewcomer() {
        final var clock = new AtomicLong();
        final var table = new RoutingTable(SELF, 2, clock::get);
        // Ids that differ from SELF in the first bit all land in bucket 0, which cannot split.
        final var first = contact(SELF.flip(0));
        final var second = contact(SELF.flip(0).flip(5));
        final var third = contact(SELF.flip(0).flip(9));
        table.update(contact(SELF.flip(100)));
        table.update(first);
        table.update(second);
        clock.addAndGet(RoutingTable.CHECK_AFTER_NANOS - 1);
        assertInstanceOf(RoutingTable.Update.Cached.class, table.update(third), "heard from a moment ago");
        clock.addAndGet(1);
        final var full = assertInstanceOf(RoutingTable.Update.Full.class, table.update(third));
        assertEquals(first, full.leastRecentlySeen());
        assertTrue(table.find(third.id()).isEmpty());
        assertTrue(table.failed(first.id()));
        assertTrue(table.find(third.id()).isPresent());
        assertTrue(table.find(first.id()).isEmpty());
    }

    @Test
    void withNoNewcomerWaitingFailuresAtOneMomentDoNotDropAContactNorDoFailuresOfOneHeardFromSince() {
        final var clock = new AtomicLong();
        final var table = new RoutingTable(SELF, 10, clock::get);
        final var slow = contact(SELF.flip(3));
        table.update(slow);
        // A pause of the host: every request in flight times out at once.
        for (int failure = 0; failure < 50; failure++) {
            assertFalse(table.failed(slow.id()));
        }
        clock.addAndGet(RoutingTable.STALE_SILENCE_NANOS / 2);
        table.update(slow);
        clock.addAndGet(RoutingTable.STALE_SILENCE_NANOS / 2);
        assertFalse(table.failed(slow.id()), "its silence began again when it was heard");
        failUntilStale(table, slow, clock);
        assertTrue(table.find(slow.id()).isEmpty());
        assertFalse(table.failed(slow.id()), "not in the table any more");
    }

    @Test
    void aNewcomerToAFullBucketTakesThePlaceOfAContactThatFailedSinceItWasLastHeard() {
        final var table = new RoutingTable(SELF, 2);
        final var first = contact(SELF.flip(0));
        final var second = contact(SELF.flip(0).flip(5));
        table.update(contact(SELF.flip(100)));
        table.update(first);
        table.update(second);
        assertFalse(table.failed(second.id()), "no newcomer waits, so it stays for now");
        final var third = contact(SELF.flip(0).flip(9));
        assertInstanceOf(RoutingTable.Update.Added.class, table.update(third));
        assertInstanceOf(RoutingTable.Update.Kept.class, table.update(third));
        assertTrue(table.find(third.id()).isPresent());
        assertTrue(table.find(second.id()).isEmpty());
        assertTrue(table.find(first.id()).isPresent());
    }

    /** Reports failures of a contact, spread over time, until it is dropped; checks that it is not dropped early. */
    private static void failUntilStale(final RoutingTable table, final Contact contact, final AtomicLong clock) {
        final long step = RoutingTable.STALE_SILENCE_NANOS / (RoutingTable.STALE_AFTER - 1);
        for (int failure = 1; failure < RoutingTable.STALE_AFTER; failure++) {
            assertFalse(table.failed(contact.id()), "dropped after " + failure + " failures");
            clock.addAndGet(step);
        }
        assertTrue(table.failed(contact.id()));
    }

    @Test
    void aContactThatFailedIsSuspectUntilHeardFromOrForThirtySecondsAndIsNotHandedOut() {
        final var clock = new AtomicLong();
        final var table = new RoutingTable(SELF, 10, clock::get);
        final var random = new Random(9);
        final var known = new ArrayList<Contact>();
        for (int i = 0; i < 5; i++) {
            known.add(contact(new NodeId(random.nextLong(), random.nextLong())));
            table.update(known.get(i));
        }
        final var dead = known.get(2);
        final var stranger = new NodeId(random.nextLong(), random.nextLong());
        table.failed(dead.id());
        table.failed(stranger);
        assertTrue(table.suspect(dead.id()));
        assertTrue(table.suspect(stranger), "a contact outside the table that failed is suspect too");
        assertTrue(table.find(dead.id()).isPresent(), "one failure does not drop it");
        assertEquals(known.stream().filter(contact -> contact != dead).map(Contact::id)
            .sorted(NodeId.byDistanceTo(dead.id())).toList(),
            table.closestResponsive(dead.id(), 10).stream().map(Contact::id).toList());

        // Heard from again: trusted at once.
        table.update(dead);
        assertFalse(table.suspect(dead.id()));
        assertEquals(5, table.closestResponsive(dead.id(), 10).size());

        // Otherwise suspicion lapses after 30 s, and lookups may try it again.
        clock.addAndGet(RoutingTable.SUSPECT_NANOS + 1);
        assertFalse(table.suspect(stranger));

        // When every contact is suspect, as after a pause of this host, lookups still get somewhere to start.
        known.forEach(contact -> table.failed(contact.id()));
        assertEquals(5, table.closestResponsive(SELF, 10).size());
    }

    @Test
    void neverStoresItself() {
        final var table = new RoutingTable(SELF, 10);
        assertInstanceOf(RoutingTable.Update.Self.class, table.update(contact(SELF)));
        assertEquals(0, table.size());
    }

    @Test
    void refreshTargetsFallIntoTheirBuckets() {
        final var table = new RoutingTable(SELF, 1);
        for (int bit = 0; bit < 20; bit++) {
            table.update(contact(SELF.flip(bit)));
        }
        final var targets = table.staleBucketTargets(-1, new Random(1));
        assertTrue(targets.size() >= 20);
        for (int index = 0; index < targets.size() - 1; index++) {
            assertEquals(index, SELF.commonPrefixLength(targets.get(index)));
        }
    }
}
