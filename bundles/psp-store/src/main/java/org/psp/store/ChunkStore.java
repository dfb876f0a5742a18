/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.psp.kad.NodeId;
import org.psp.kad.ValueStore;

/**
 * The RAM an access node lends to the others for their chunks.
 *
 * <ul>
 *   <li>Bounded: a store that would exceed the capacity is refused with a reason, never dropped silently.</li>
 *   <li>Reserved: room can be set aside for a chunk about to come, for a short hold; reserved room counts as used
 *       for everything else, so the store never promises more than its capacity.</li>
 *   <li>Time-limited: every chunk has a storing time; the owner extends it while it is alive, and a chunk whose
 *       time has run out is invisible at once and removed by maintenance, so a decommissioned node does not pin
 *       RAM forever.</li>
 *   <li>Delayed delete: a deleted chunk is invisible at once, kept for a grace period in which it can be
 *       undeleted, then purged by maintenance.</li>
 * </ul>
 *
 * <p>Maintenance works in bounded steps ({@link #maintain(int)}), so that it yields to load; a store under capacity
 * pressure reclaims what is due at once. Thread-safe.
 */
public final class ChunkStore implements ValueStore {
    private static final class Entry {
        final byte[] value;
        Instant expiry;
        Instant deletedAt;

        Entry(final byte[] value, final Instant expiry) {
            this.value = value;
            this.expiry = expiry;
        }

        boolean visible(final Instant now) {
            return deletedAt == null && now.isBefore(expiry);
        }
    }

    /** When an entry may have to go; stale when the entry changed since (checked when it falls due). */
    private record Deadline(Instant at, NodeId key) {
    }

    /** Room set aside for a value about to be stored under a key. */
    private record Reservation(int bytes, Instant until) {
    }

    private final long capacityBytes;
    private final Duration defaultStoringTime;
    private final Duration deleteGrace;
    private final InstantSource clock;
    private final ReplacementRule replacement;
    private final Map<NodeId, Entry> entries = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>((left, right) -> left.at.compareTo(right.at));
    private final Map<NodeId, Reservation> reservations = new HashMap<>();
    private final PriorityQueue<Deadline> holdsEnding =
        new PriorityQueue<>((left, right) -> left.at.compareTo(right.at));
    private long bytes;
    private long reservedBytes;
    private long reservationsGranted;
    private long reservationsUsed;
    private long reservationsLapsed;
    private long reservationsRefused;
    private long refusedStores;
    private long expirations;
    private long purges;
    private long acceptedBytes;
    private Consumer<NodeId> watcher = key -> { };

    /**
     * Creates a store.
     *
     * @param capacityBytes the most payload bytes it holds
     * @param defaultStoringTime the storing time of chunks stored without one
     * @param deleteGrace how long a deleted chunk can be undeleted
     * @param clock the time source
     */
    public ChunkStore(final long capacityBytes, final Duration defaultStoringTime, final Duration deleteGrace,
            final InstantSource clock) {
        this(capacityBytes, defaultStoringTime, deleteGrace, clock, ReplacementRule.ANY);
    }

    /**
     * Creates a store whose visible values are replaced only as a rule allows.
     *
     * @param capacityBytes the most payload bytes it holds
     * @param defaultStoringTime the storing time of chunks stored without one
     * @param deleteGrace how long a deleted chunk can be undeleted
     * @param clock the time source
     * @param replacement whether a value may replace the visible one under its key
     */
    public ChunkStore(final long capacityBytes, final Duration defaultStoringTime, final Duration deleteGrace,
            final InstantSource clock, final ReplacementRule replacement) {
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
        this.defaultStoringTime = positive(defaultStoringTime, "storing time");
        this.deleteGrace = positive(deleteGrace, "delete grace period");
        this.clock = requireNonNull(clock);
        this.replacement = requireNonNull(replacement);
    }

    /**
     * Stores a chunk for a storing time, replacing any chunk under the same key: a deleted one always, a visible one
     * unless the store's replacement rule refuses.
     *
     * @param key the chunk's key
     * @param value the chunk
     * @param storingTime how long to keep it unless extended; zero for the default storing time
     * @return whether it is kept, and why not
     */
    @Override
    public synchronized Outcome put(final NodeId key, final byte[] value, final Duration storingTime) {
        final var keepFor = storingTime.isZero() ? defaultStoringTime : positive(storingTime, "storing time");
        final var now = clock.instant();
        final var previous = entries.get(key);
        if (previous != null && previous.visible(now)) {
            final var refusal = replacement.refusal(key, previous.value, value);
            if (refusal.isPresent()) {
                return Outcome.refused(refusal.orElseThrow());
            }
        }
        endHolds(now);
        // Room reserved for this key is this value's; room reserved for others is promised.
        final var reserved = reservations.get(key);
        final long promised = reservedBytes - (reserved == null ? 0 : reserved.bytes());
        long needed = bytes - (previous == null ? 0 : previous.value.length) + value.length;
        if (needed + promised > capacityBytes) {
            reclaim(now, Integer.MAX_VALUE);
            final var remaining = entries.get(key);
            needed = bytes - (remaining == null ? 0 : remaining.value.length) + value.length;
            if (needed + promised > capacityBytes) {
                refusedStores++;
                return Outcome.refused("store full: " + value.length + " bytes do not fit, " + bytes + " of "
                    + capacityBytes + " bytes in use" + (promised > 0 ? ", " + promised + " reserved" : ""));
            }
        }
        if (reserved != null) {
            reservations.remove(key);
            reservedBytes -= reserved.bytes();
            reservationsUsed++;
        }
        final var entry = new Entry(value.clone(), now.plus(keepFor));
        entries.put(key, entry);
        bytes = needed;
        acceptedBytes += value.length;
        deadlines.add(new Deadline(entry.expiry, key));
        watcher.accept(key);
        return Outcome.ACCEPTED;
    }

    /**
     * Sets room aside for a chunk about to be stored under a key, never promising more than the capacity: a
     * placement asks every holder first and writes only when each has room. Storing under the key uses the room;
     * room never used is free again when the hold ends. A second reservation under a key replaces the first.
     *
     * @param key the chunk's key
     * @param size the chunk's length
     * @param hold how long to hold the room
     * @return whether the room is held, and why not
     */
    @Override
    public synchronized Outcome reserve(final NodeId key, final int size, final Duration hold) {
        positive(hold, "reservation hold");
        final var now = clock.instant();
        endHolds(now);
        if (size < 1) {
            reservationsRefused++;
            return Outcome.refused("a reservation of " + size + " bytes");
        }
        final var previous = reservations.get(key);
        final long promised = reservedBytes - (previous == null ? 0 : previous.bytes());
        if (bytes + promised + size > capacityBytes) {
            reclaim(now, Integer.MAX_VALUE);
            if (bytes + promised + size > capacityBytes) {
                reservationsRefused++;
                return Outcome.refused("store full: " + size + " bytes do not fit, " + bytes + " of " + capacityBytes
                    + " bytes in use, " + promised + " reserved");
            }
        }
        final var until = now.plus(hold);
        reservations.put(key, new Reservation(size, until));
        reservedBytes = promised + size;
        holdsEnding.add(new Deadline(until, key));
        reservationsGranted++;
        return Outcome.ACCEPTED;
    }

    /** Frees the room of reservations whose hold ended unused. */
    private void endHolds(final Instant now) {
        while (!holdsEnding.isEmpty() && !holdsEnding.peek().at.isAfter(now)) {
            final var ending = holdsEnding.poll();
            final var reservation = reservations.get(ending.key);
            if (reservation != null && !reservation.until().isAfter(now)) {
                reservations.remove(ending.key);
                reservedBytes -= reservation.bytes();
                reservationsLapsed++;
            }
        }
    }

    /**
     * Returns the bytes of every value this store accepted since it was created; it never decreases.
     *
     * @return the bytes
     */
    public synchronized long acceptedBytes() {
        return acceptedBytes;
    }

    /**
     * Returns the counters of reservations.
     *
     * @return a snapshot
     */
    public synchronized ReservationCounters reservations() {
        endHolds(clock.instant());
        return new ReservationCounters(reservations.size(), reservedBytes, reservationsGranted, reservationsUsed,
            reservationsLapsed, reservationsRefused);
    }

    @Override
    public synchronized Optional<byte[]> get(final NodeId key) {
        final var entry = entries.get(key);
        return entry != null && entry.visible(clock.instant()) ? Optional.of(entry.value.clone()) : Optional.empty();
    }

    /**
     * Deletes a chunk: it is invisible at once and purged after the grace period unless undeleted.
     *
     * @param key the chunk's key
     * @return true if the chunk is deleted now, also if it was already (a retry after a lost answer); false if this
     *     store does not hold it
     */
    @Override
    public synchronized boolean delete(final NodeId key) {
        final var now = clock.instant();
        final var entry = entries.get(key);
        if (entry != null && entry.deletedAt != null && now.isBefore(entry.deletedAt.plus(deleteGrace))) {
            return true;
        }
        if (entry == null || !entry.visible(now)) {
            return false;
        }
        entry.deletedAt = now;
        deadlines.add(new Deadline(now.plus(deleteGrace), key));
        watcher.accept(key);
        return true;
    }

    /**
     * Makes a deleted chunk visible again, if its grace period and its storing time have not run out.
     *
     * @param key the chunk's key
     * @return true if it is visible again
     */
    @Override
    public synchronized boolean undelete(final NodeId key) {
        final var now = clock.instant();
        final var entry = entries.get(key);
        if (entry != null && entry.visible(now)) {
            // Visible already: a retry after a lost answer.
            return true;
        }
        if (entry == null || entry.deletedAt == null || !now.isBefore(entry.deletedAt.plus(deleteGrace))
                || !now.isBefore(entry.expiry)) {
            return false;
        }
        entry.deletedAt = null;
        watcher.accept(key);
        return true;
    }

    /**
     * Extends a visible chunk's storing time to at least {@code storingTime} from now.
     *
     * @param key the chunk's key
     * @param storingTime how long from now to keep it at least
     * @return true if the chunk is held and visible
     */
    @Override
    public synchronized boolean extend(final NodeId key, final Duration storingTime) {
        positive(storingTime, "storing time");
        final var now = clock.instant();
        final var entry = entries.get(key);
        if (entry == null || !entry.visible(now)) {
            return false;
        }
        final var expiry = now.plus(storingTime);
        if (expiry.isAfter(entry.expiry)) {
            entry.expiry = expiry;
            deadlines.add(new Deadline(expiry, key));
            watcher.accept(key);
        }
        return true;
    }

    /**
     * Looks over the visible chunks, for a holder that reports what it holds.
     *
     * @param <T> what the view makes of a chunk
     * @param view makes something of a chunk's key, bytes and expiry, or nothing; it must not keep or change the
     *     bytes, and runs under the store's lock
     * @return what the view made, in no particular order
     */
    public synchronized <T> List<T> visible(final EntryView<T> view) {
        final var now = clock.instant();
        final var seen = new ArrayList<T>();
        entries.forEach((key, entry) -> {
            if (entry.visible(now)) {
                view.view(key, entry.value, entry.expiry).ifPresent(seen::add);
            }
        });
        return seen;
    }

    /**
     * Looks at one visible chunk.
     *
     * @param <T> what the view makes of the chunk
     * @param key the chunk's key
     * @param view makes something of its key, bytes and expiry, or nothing; as for {@link #visible(EntryView)}
     * @return what the view made, or empty if the chunk is not held, not visible, or the view made nothing of it
     */
    public synchronized <T> Optional<T> visible(final NodeId key, final EntryView<T> view) {
        final var entry = entries.get(key);
        return entry != null && entry.visible(clock.instant()) ? view.view(key, entry.value, entry.expiry)
            : Optional.empty();
    }

    /**
     * Tells a watcher of every change to what {@link #visible} shows, apart from chunks whose storing time runs out:
     * stores, deletes, undeletes, extensions, removals. A holder that keeps what it made of its chunks reads again
     * only the chunks changed. The watcher replaces the one before.
     *
     * @param newWatcher takes the key of each chunk changed; it runs under the store's lock, on the thread that
     *     changed the store, and must only take note
     */
    public synchronized void watch(final Consumer<NodeId> newWatcher) {
        watcher = requireNonNull(newWatcher);
    }

    /**
     * Returns until when a visible chunk is kept.
     *
     * @param key the chunk's key
     * @return its expiry, or empty if it is not held or not visible
     */
    public synchronized Optional<Instant> expiry(final NodeId key) {
        final var entry = entries.get(key);
        return entry != null && entry.visible(clock.instant()) ? Optional.of(entry.expiry) : Optional.empty();
    }

    /**
     * What a holder makes of one of its chunks.
     *
     * @param <T> the result
     */
    @FunctionalInterface
    public interface EntryView<T> {
        /**
         * Looks at a chunk.
         *
         * @param key its key
         * @param value its bytes, not to be kept or changed
         * @param expiry until when it is kept
         * @return what it makes of it, or empty
         */
        Optional<T> view(NodeId key, byte[] value, Instant expiry);
    }

    /**
     * Runs one bounded step of maintenance: removes chunks whose storing time ran out and purges deleted chunks
     * whose grace period is over.
     *
     * @param budget the most deadlines to look at
     * @return how many deadlines were looked at; less than the budget means nothing more is due now
     */
    public synchronized int maintain(final int budget) {
        endHolds(clock.instant());
        return reclaim(clock.instant(), budget);
    }

    /**
     * Returns the counters.
     *
     * @return a snapshot
     */
    public synchronized StoreCounters counters() {
        return new StoreCounters(entries.size(), bytes, refusedStores, expirations, purges);
    }

    private int reclaim(final Instant now, final int budget) {
        int seen = 0;
        while (seen < budget && !deadlines.isEmpty() && !deadlines.peek().at.isAfter(now)) {
            final var deadline = deadlines.poll();
            seen++;
            final var entry = entries.get(deadline.key);
            if (entry == null) {
                continue;
            }
            if (entry.deletedAt != null && !now.isBefore(entry.deletedAt.plus(deleteGrace))) {
                remove(deadline.key, entry);
                purges++;
            } else if (!now.isBefore(entry.expiry)) {
                remove(deadline.key, entry);
                expirations++;
            }
        }
        return seen;
    }

    private void remove(final NodeId key, final Entry entry) {
        entries.remove(key);
        bytes -= entry.value.length;
        watcher.accept(key);
    }

    private static Duration positive(final Duration duration, final String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }
}
