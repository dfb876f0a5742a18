/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.psp.kad.NodeId;

class ChunkStoreTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2026-11-22T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(final Duration duration) {
            now = now.plus(duration);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final ChunkStore store = new ChunkStore(1000, Duration.ofHours(1), Duration.ofMinutes(10), clock);

    private static NodeId key(final int chunk) {
        return NodeId.keyOf("olt-1", "segment-0/chunk-" + chunk);
    }

    @Test
    void refusesWhatDoesNotFitAndSaysWhy() {
        assertTrue(store.put(key(1), new byte[600]).accepted());
        final var refused = store.put(key(2), new byte[500]);
        assertFalse(refused.accepted());
        assertEquals("store full: 500 bytes do not fit, 600 of 1000 bytes in use", refused.reason());
        assertTrue(store.get(key(2)).isEmpty());
        // Replacing a chunk counts only the difference.
        assertTrue(store.put(key(1), new byte[1000]).accepted());
        assertEquals(new StoreCounters(1, 1000, 1, 0, 0), store.counters());
    }

    @Test
    void aHolderSeesWhatItHoldsAndUntilWhen() {
        store.put(key(1), new byte[] {1}, Duration.ofMinutes(30));
        store.put(key(2), new byte[] {2}, Duration.ofMinutes(60));
        store.put(key(3), new byte[] {3}, Duration.ofMinutes(60));
        store.delete(key(3));
        final var seen = store.visible((key, value, expiry) -> value[0] == 2 ? Optional.empty()
            : Optional.of(key + " " + expiry));
        assertEquals(List.of(key(1) + " 2026-11-22T00:30:00Z"), seen);
        assertEquals(Optional.of(Instant.parse("2026-11-22T01:00:00Z")), store.expiry(key(2)));
        assertEquals(Optional.empty(), store.expiry(key(3)));
        clock.advance(Duration.ofMinutes(31));
        assertEquals(Optional.empty(), store.expiry(key(1)));
        assertEquals(List.of(), store.visible((key, value, expiry) -> value[0] == 1 ? Optional.of(key)
            : Optional.empty()));
    }

    @Test
    void aWatcherIsToldOfEveryChangeToWhatAHolderSeesAndOfNothingElse() {
        final var told = new ArrayList<String>();
        store.watch(key -> told.add(key.equals(key(1)) ? "1" : key.toString()));
        assertTrue(store.put(key(1), new byte[] {1}, Duration.ofMinutes(30)).accepted());
        assertEquals(List.of("1"), told, "a store");
        assertTrue(store.reserve(key(2), 10, Duration.ofSeconds(30)).accepted());
        assertFalse(store.put(key(3), new byte[2000]).accepted());
        assertTrue(store.extend(key(1), Duration.ofMinutes(10)));
        store.get(key(1));
        assertEquals(List.of("1"), told, "a reservation, a refused store, an extension that shortens nothing");
        assertTrue(store.extend(key(1), Duration.ofMinutes(40)));
        assertTrue(store.delete(key(1)));
        assertTrue(store.undelete(key(1)));
        assertEquals(List.of("1", "1", "1", "1"), told, "an extension, a delete, an undelete");
        assertEquals(Optional.of(1), store.visible(key(1), (key, value, expiry) -> Optional.of((int) value[0])));
        clock.advance(Duration.ofMinutes(41));
        assertEquals(Optional.empty(), store.visible(key(1), (key, value, expiry) -> Optional.of((int) value[0])),
            "past its storing time, not yet removed");
        store.maintain(100);
        assertEquals(List.of("1", "1", "1", "1", "1"), told, "an expired chunk removed");
    }

    @Test
    void chunksExpireUnlessTheirOwnerExtendsThem() {
        store.put(key(1), new byte[] {1}, Duration.ofMinutes(30));
        store.put(key(2), new byte[] {2}, Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(20));
        assertTrue(store.extend(key(2), Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(15));
        // Invisible at once, removed by maintenance.
        assertTrue(store.get(key(1)).isEmpty());
        assertArrayEquals(new byte[] {2}, store.get(key(2)).orElseThrow());
        assertEquals(2, store.counters().chunks());
        store.maintain(100);
        assertEquals(new StoreCounters(1, 1, 0, 1, 0), store.counters());
        assertFalse(store.extend(key(1), Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(20));
        store.maintain(100);
        assertEquals(new StoreCounters(0, 0, 0, 2, 0), store.counters());
    }

    @Test
    void deleteIsDelayedAndUndoable() {
        store.put(key(1), new byte[] {7});
        assertTrue(store.delete(key(1)));
        assertTrue(store.get(key(1)).isEmpty());
        assertTrue(store.delete(key(1)), "deleted already: a retry after a lost answer is done, too");
        assertFalse(store.delete(key(2)), "not held");
        clock.advance(Duration.ofMinutes(9));
        store.maintain(100);
        assertTrue(store.undelete(key(1)));
        assertTrue(store.undelete(key(1)), "visible already: a retry after a lost answer is done, too");
        assertArrayEquals(new byte[] {7}, store.get(key(1)).orElseThrow());

        assertTrue(store.delete(key(1)));
        clock.advance(Duration.ofMinutes(10));
        assertFalse(store.undelete(key(1)), "the grace period is over");
        store.maintain(100);
        assertEquals(new StoreCounters(0, 0, 0, 0, 1), store.counters());
    }

    @Test
    void aFullStoreReclaimsWhatIsDueBeforeRefusing() {
        store.put(key(1), new byte[800], Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));
        assertTrue(store.put(key(2), new byte[800]).accepted());
        assertEquals(new StoreCounters(1, 800, 0, 1, 0), store.counters());
    }

    @Test
    void maintenanceWorksInBoundedSteps() {
        final var large = new ChunkStore(1 << 20, Duration.ofMinutes(1), Duration.ofMinutes(1), clock);
        for (int i = 0; i < 1000; i++) {
            large.put(key(i), new byte[10]);
        }
        clock.advance(Duration.ofMinutes(2));
        assertEquals(100, large.maintain(100));
        assertEquals(900, large.counters().chunks());
        int steps = 1;
        while (large.maintain(100) == 100) {
            steps++;
        }
        assertEquals(10, steps);
        assertEquals(new StoreCounters(0, 0, 0, 1000, 0), large.counters());
    }

    @Test
    void aVisibleValueIsReplacedOnlyAsTheRuleAllowsAndADeletedOneAlways() {
        // Values carry their version in their first byte; an older one never replaces a newer one.
        final var versioned = new ChunkStore(1000, Duration.ofHours(1), Duration.ofMinutes(10), clock,
            (key, held, incoming) -> incoming[0] < held[0]
                ? Optional.of("version " + incoming[0] + " is older than " + held[0]) : Optional.empty());
        assertTrue(versioned.put(key(1), new byte[] {2, 0}).accepted());
        final var older = versioned.put(key(1), new byte[] {1, 0, 0});
        assertFalse(older.accepted());
        assertEquals("version 1 is older than 2", older.reason());
        assertArrayEquals(new byte[] {2, 0}, versioned.get(key(1)).orElseThrow());
        assertEquals(new StoreCounters(1, 2, 0, 0, 0), versioned.counters(), "not a refusal for want of room");
        assertTrue(versioned.put(key(1), new byte[] {2, 1}).accepted());
        assertTrue(versioned.put(key(1), new byte[] {3}).accepted());
        assertTrue(versioned.delete(key(1)));
        assertTrue(versioned.put(key(1), new byte[] {1}).accepted());
        assertArrayEquals(new byte[] {1}, versioned.get(key(1)).orElseThrow());
        clock.advance(Duration.ofHours(2));
        assertTrue(versioned.put(key(1), new byte[] {0}).accepted(), "an expired value is no longer held");
    }

    @Test
    void reservedRoomIsPromisedToItsKeyAndFreedWhenTheHoldEnds() {
        assertTrue(store.reserve(key(1), 600, Duration.ofSeconds(30)).accepted());
        final var over = store.reserve(key(2), 500, Duration.ofSeconds(30));
        assertFalse(over.accepted(), "never more than the capacity");
        assertEquals("store full: 500 bytes do not fit, 0 of 1000 bytes in use, 600 reserved", over.reason());
        final var unreserved = store.put(key(2), new byte[500]);
        assertFalse(unreserved.accepted(), "reserved room is not anyone's");
        assertEquals("store full: 500 bytes do not fit, 0 of 1000 bytes in use, 600 reserved", unreserved.reason());
        assertTrue(store.put(key(2), new byte[400]).accepted());
        // The store under the reserved key uses the reservation.
        assertTrue(store.put(key(1), new byte[600]).accepted());
        assertEquals(new ReservationCounters(0, 0, 1, 1, 0, 1), store.reservations());
        assertEquals(1000, store.acceptedBytes());

        assertTrue(store.delete(key(2)));
        clock.advance(Duration.ofMinutes(11));
        store.maintain(100);
        assertTrue(store.reserve(key(3), 400, Duration.ofSeconds(30)).accepted());
        // A second reservation under the key replaces the first.
        assertTrue(store.reserve(key(3), 300, Duration.ofSeconds(30)).accepted());
        assertEquals(new ReservationCounters(1, 300, 3, 1, 0, 1), store.reservations());
        clock.advance(Duration.ofSeconds(31));
        assertEquals(new ReservationCounters(0, 0, 3, 1, 1, 1), store.reservations(), "unused, lapsed");
        assertTrue(store.put(key(4), new byte[400]).accepted());
    }

    @Test
    void impossibleReservationsAreRefusedAndCounted() {
        assertEquals("store full: 1001 bytes do not fit, 0 of 1000 bytes in use, 0 reserved",
            store.reserve(key(1), 1001, Duration.ofSeconds(30)).reason());
        assertEquals("a reservation of 0 bytes", store.reserve(key(1), 0, Duration.ofSeconds(30)).reason());
        assertEquals(new ReservationCounters(0, 0, 0, 0, 0, 2), store.reservations());
        assertThrows(IllegalArgumentException.class, () -> store.reserve(key(1), 10, Duration.ZERO));
    }

    @Test
    void rejectsNonsenseDurations() {
        assertThrows(IllegalArgumentException.class, () -> store.put(key(1), new byte[1], Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> store.extend(key(1), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new ChunkStore(-1, Duration.ofHours(1),
            Duration.ofHours(1), clock));
    }
}
