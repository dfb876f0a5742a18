/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A Kademlia routing table: k-buckets that split along the own id's path, each with a replacement cache.
 *
 * <p>Bucket i (for i below the last) holds contacts whose ids share exactly i leading bits with the own id; the last
 * bucket holds all contacts that share at least as many. Only the last bucket splits, so the table keeps many
 * contacts near the own id and a few far away. A full bucket keeps its contacts: a newcomer waits in the replacement
 * cache while the caller pings the least-recently-seen contact, which is evicted only if it does not answer.
 *
 * <p>A contact that fails to answer gives its place to a newcomer, as in the Kademlia paper: at once to the newest one
 * waiting for its bucket, or else to the next one heard from while it is still silent. With no newcomer it stays
 * until it has failed {@value #STALE_AFTER} times in a row over at least two seconds, with nothing heard from it
 * meanwhile: a pause of a loaded host makes every request in flight time out at the same moment, and dropping
 * contacts then would empty a small overlay's tables.
 *
 * <p>A contact that failed, in the table or not, is {@linkplain #suspect(NodeId) suspect} for
 * {@link #SUSPECT_NANOS} unless it is heard from before: lookups do not ask it and answers do not hand it out, so
 * that after a failure of many nodes at once each dead contact costs a lookup one timeout, not one per lookup.
 *
 * <p>Thread-safe.
 */
public final class RoutingTable {
    /** The outcome of learning about a contact. */
    public sealed interface Update {
        /** The contact was in the table, and is now the most recently seen of its bucket. */
        record Kept() implements Update {
        }

        /** The contact is new to the table. */
        record Added() implements Update {
        }

        /**
         * The bucket is full: the contact waits in the replacement cache, and {@code leastRecentlySeen}, silent for
         * {@link #CHECK_AFTER_NANOS} or more, should be pinged and {@linkplain #failed(NodeId) reported} if it does
         * not answer.
         *
         * @param leastRecentlySeen the contact to check
         */
        record Full(Contact leastRecentlySeen) implements Update {
        }

        /**
         * The bucket is full of contacts heard from within {@link #CHECK_AFTER_NANOS}: the contact waits in the
         * replacement cache, and nothing needs checking.
         */
        record Cached() implements Update {
        }

        /** The contact is this node itself and is never stored. */
        record Self() implements Update {
        }
    }

    /** Failures in a row after which a contact that no newcomer replaces is dropped, if silent long enough. */
    static final int STALE_AFTER = 3;
    /** How long a contact that no newcomer replaces must have been failing before it is dropped. */
    static final long STALE_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * How long the least recently seen contact of a full bucket must have been silent before a newcomer to the bucket
     * has it checked. A contact heard from since is most likely alive (the longer a node has been up, the longer it
     * stays up); without this, in a busy overlay every message from a node outside a full bucket cost a ping.
     */
    static final long CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** How long a contact that failed to answer stays suspect, unless it is heard from before. */
    static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How many failed contacts outside the table are remembered. */
    private static final int MAX_FAILED_STRANGERS = 4096;

    private static final Update KEPT = new Update.Kept();
    private static final Update ADDED = new Update.Added();
    private static final Update SELF = new Update.Self();
    private static final Update CACHED = new Update.Cached();

    private final NodeId self;
    private final int bucketSize;
    private final List<Bucket> buckets = new ArrayList<>();
    private final LongSupplier nanoClock;
    // The contacts in the table that failed since they were last heard from.
    private final Map<NodeId, Silence> silent = new HashMap<>();
    // Contacts outside the table that failed since they were last heard from, with their last failure; oldest first.
    private final Map<NodeId, Long> failedStrangers = new LinkedHashMap<>();

    /**
     * Creates an empty table.
     *
     * @param self the own id
     * @param bucketSize K, the contacts per bucket
     */
    public RoutingTable(final NodeId self, final int bucketSize) {
        this(self, bucketSize, OverlayClock.system()::nanoTime);
    }

    RoutingTable(final NodeId self, final int bucketSize, final LongSupplier nanoClock) {
        this.nanoClock = requireNonNull(nanoClock);
        this.self = requireNonNull(self);
        if (bucketSize < 1) {
            throw new IllegalArgumentException("bucket size must be at least 1, was " + bucketSize);
        }
        this.bucketSize = bucketSize;
        buckets.add(new Bucket(nanoClock.getAsLong()));
    }

    /**
     * Learns about a contact that was just heard from.
     *
     * @param contact the contact
     * @return what happened to it
     */
    public synchronized Update update(final Contact contact) {
        if (contact.id().equals(self)) {
            return SELF;
        }
        failedStrangers.remove(contact.id());
        final long now = nanoClock.getAsLong();
        while (true) {
            final int index = bucketIndex(contact.id());
            final var bucket = buckets.get(index);
            bucket.lastTouched = now;
            final boolean wasKnown = bucket.remove(contact.id()) != null;
            if (wasKnown || bucket.contacts.size() < bucketSize) {
                bucket.add(contact, now);
                silent.remove(contact.id());
                return wasKnown ? KEPT : ADDED;
            }
            if (index == buckets.size() - 1 && buckets.size() < NodeId.BITS) {
                split();
                continue;
            }
            final var failing = silent.isEmpty() ? Optional.<Contact>empty()
                : bucket.contacts.stream().filter(known -> silent.containsKey(known.id())).findFirst();
            if (failing.isPresent()) {
                // A contact that failed since it was last heard from gives its place to one just heard from.
                bucket.remove(failing.orElseThrow().id());
                silent.remove(failing.orElseThrow().id());
                bucket.removeReplacement(contact.id());
                bucket.add(contact, now);
                return ADDED;
            }
            bucket.removeReplacement(contact.id());
            bucket.replacements.addLast(contact);
            if (bucket.replacements.size() > bucketSize) {
                bucket.replacements.removeFirst();
            }
            final var oldest = bucket.contacts.getFirst();
            return now - bucket.heardAt(oldest.id()) < CHECK_AFTER_NANOS ? CACHED : new Update.Full(oldest);
        }
    }

    /**
     * Reports that a contact failed to answer. The most recently seen newcomer waiting for its bucket takes its
     * place; if none waits, it is dropped once it has failed {@value #STALE_AFTER} times in a row over at least
     * {@link #STALE_SILENCE_NANOS}. Hearing from it again ends its silence.
     *
     * @param id the contact's id
     * @return true if it was dropped from the table
     */
    public synchronized boolean failed(final NodeId id) {
        final var bucket = buckets.get(bucketIndex(id));
        final long now = nanoClock.getAsLong();
        if (bucket.find(id) == null) {
            bucket.removeReplacement(id);
            rememberFailedStranger(id, now);
            return false;
        }
        final var silence = silent.merge(id, new Silence(now, now, 1),
            (earlier, again) -> new Silence(earlier.since(), now, earlier.failures() + 1));
        if (bucket.replacements.isEmpty()
                && (silence.failures() < STALE_AFTER || now - silence.since() < STALE_SILENCE_NANOS)) {
            return false;
        }
        bucket.remove(id);
        silent.remove(id);
        rememberFailedStranger(id, now);
        if (!bucket.replacements.isEmpty()) {
            bucket.add(bucket.replacements.removeLast(), now);
        }
        return true;
    }

    /**
     * Looks up a contact by id.
     *
     * @param id the id
     * @return the contact, if the table holds it
     */
    public synchronized Optional<Contact> find(final NodeId id) {
        return Optional.ofNullable(buckets.get(bucketIndex(id)).find(id));
    }

    /**
     * Returns the contacts closest to a target.
     *
     * @param target the target id
     * @param count how many at most
     * @return up to {@code count} contacts, closest first
     */
    public synchronized List<Contact> closest(final NodeId target, final int count) {
        return closestOf(target, count, false, 0);
    }

    /**
     * The closest contacts: all of them, or those not suspect at a time. The buckets are read in the order of their
     * contacts' distance to the target, each sorted on its own, until enough are found.
     */
    private List<Contact> closestOf(final NodeId target, final int count, final boolean responsiveOnly,
            final long now) {
        final var byDistance = NodeId.byDistanceTo(target);
        final Comparator<Contact> order = (left, right) -> byDistance.compare(left.id(), right.id());
        final var found = new ArrayList<Contact>(count);
        final var bucket = new ArrayList<Contact>(bucketSize);
        for (final int index : bucketsByDistanceTo(target)) {
            bucket.clear();
            bucket.addAll(buckets.get(index).contacts);
            bucket.sort(order);
            for (int next = 0; next < bucket.size() && found.size() < count; next++) {
                final var contact = bucket.get(next);
                if (!responsiveOnly || !suspectAt(contact.id(), now)) {
                    found.add(contact);
                }
            }
            if (found.size() == count) {
                break;
            }
        }
        return List.copyOf(found);
    }

    /**
     * The buckets' indexes, nearest to a target first: every contact of a bucket is closer to the target than every
     * contact of the buckets after it. With p the bits the target shares with this node (at most the last bucket's
     * index): bucket p first, its contacts sharing more than p bits with the target. Then the buckets past p, whose
     * contacts share exactly p: those of bucket i agree with this node up to bit i and differ from it there, so
     * bucket i comes before all later ones where this node differs from the target at bit i, and after them where it
     * agrees. Then buckets p - 1, p - 2, ... 0, ever farther.
     */
    private int[] bucketsByDistanceTo(final NodeId target) {
        final int last = buckets.size() - 1;
        final int first = Math.min(self.commonPrefixLength(target), last);
        final var indexes = new int[buckets.size()];
        int near = 0;
        indexes[near++] = first;
        if (first < last) {
            // The buckets past p that come after all later ones fill the span of the buckets past p from its end.
            int far = last - first;
            for (int index = first + 1; index < last; index++) {
                if (self.bit(index) != target.bit(index)) {
                    indexes[near++] = index;
                } else {
                    indexes[far--] = index;
                }
            }
            indexes[near] = last;
            near = last - first + 1;
        }
        for (int index = first - 1; index >= 0; index--) {
            indexes[near++] = index;
        }
        return indexes;
    }

    /**
     * Returns every contact in the table.
     *
     * @return the contacts, bucket by bucket, least recently seen first within each
     */
    public synchronized List<Contact> contacts() {
        return buckets.stream().flatMap(bucket -> bucket.contacts.stream()).toList();
    }

    /**
     * Returns the contacts closest to a target that are not {@linkplain #suspect(NodeId) suspect}; all closest ones
     * if every contact is suspect, as after a pause of this host, so that lookups can still start.
     *
     * @param target the target id
     * @param count how many at most
     * @return up to {@code count} contacts, closest first
     */
    public synchronized List<Contact> closestResponsive(final NodeId target, final int count) {
        final var responsive = closestOf(target, count, true, nanoClock.getAsLong());
        return responsive.isEmpty() ? closest(target, count) : responsive;
    }

    /**
     * Tells whether a contact failed to answer within {@link #SUSPECT_NANOS} and has not been heard from since.
     *
     * @param id the contact's id
     * @return true if lookups should not ask it
     */
    public synchronized boolean suspect(final NodeId id) {
        return suspectAt(id, nanoClock.getAsLong());
    }

    private void rememberFailedStranger(final NodeId id, final long now) {
        failedStrangers.remove(id);
        failedStrangers.put(id, now);
        if (failedStrangers.size() > MAX_FAILED_STRANGERS) {
            failedStrangers.remove(failedStrangers.keySet().iterator().next());
        }
    }

    private boolean suspectAt(final NodeId id, final long now) {
        final var silence = silent.get(id);
        final Long lastFailure = silence != null ? Long.valueOf(silence.last()) : failedStrangers.get(id);
        return lastFailure != null && now - lastFailure < SUSPECT_NANOS;
    }

    /**
     * Returns the number of contacts in the table.
     *
     * @return the count
     */
    public synchronized int size() {
        return buckets.stream().mapToInt(bucket -> bucket.contacts.size()).sum();
    }

    /**
     * Returns a random id in each bucket that has not been touched for a while, for a refresh lookup.
     *
     * @param idleNanos how long a bucket may go untouched
     * @param random random bits for the ids
     * @return one id per stale bucket
     */
    public synchronized List<NodeId> staleBucketTargets(final long idleNanos, final Random random) {
        final long now = nanoClock.getAsLong();
        final var targets = new ArrayList<NodeId>();
        for (int index = 0; index < buckets.size(); index++) {
            if (now - buckets.get(index).lastTouched > idleNanos) {
                targets.add(randomIdInBucket(index, random));
            }
        }
        return targets;
    }

    /** A random id sharing exactly {@code index} leading bits with the own id (at least, for the last bucket). */
    private NodeId randomIdInBucket(final int index, final Random random) {
        var id = new NodeId(random.nextLong(), random.nextLong());
        for (int bit = 0; bit < index; bit++) {
            if (id.bit(bit) != self.bit(bit)) {
                id = id.flip(bit);
            }
        }
        if (index < buckets.size() - 1 && id.bit(index) == self.bit(index)) {
            id = id.flip(index);
        }
        return id;
    }

    private int bucketIndex(final NodeId id) {
        return Math.min(self.commonPrefixLength(id), buckets.size() - 1);
    }

    private void split() {
        final var last = buckets.get(buckets.size() - 1);
        final var next = new Bucket(nanoClock.getAsLong());
        final int depth = buckets.size();
        buckets.add(next);
        for (var iterator = last.contacts.iterator(); iterator.hasNext(); ) {
            final var contact = iterator.next();
            if (self.commonPrefixLength(contact.id()) >= depth) {
                iterator.remove();
                next.add(contact, last.heard.remove(contact.id()));
            }
        }
        for (var iterator = last.replacements.iterator(); iterator.hasNext(); ) {
            final var contact = iterator.next();
            if (self.commonPrefixLength(contact.id()) >= depth) {
                iterator.remove();
                next.replacements.addLast(contact);
            }
        }
    }

    /** A contact's failures since it was last heard from, and when the first and the last came. */
    private record Silence(long since, long last, int failures) {
    }

    /** Contacts ordered from least to most recently seen, and waiting replacements in the same order. */
    private static final class Bucket {
        final Deque<Contact> contacts = new ArrayDeque<>();
        final Deque<Contact> replacements = new ArrayDeque<>();
        // When each contact was last heard from, or added.
        final Map<NodeId, Long> heard = new HashMap<>();
        long lastTouched;

        Bucket(final long created) {
            lastTouched = created;
        }

        Contact find(final NodeId id) {
            return contacts.stream().filter(contact -> contact.id().equals(id)).findFirst().orElse(null);
        }

        void add(final Contact contact, final long heardAt) {
            contacts.addLast(contact);
            heard.put(contact.id(), heardAt);
        }

        long heardAt(final NodeId id) {
            return heard.get(id);
        }

        Contact remove(final NodeId id) {
            final var iterator = contacts.iterator();
            while (iterator.hasNext()) {
                final var contact = iterator.next();
                if (contact.id().equals(id)) {
                    iterator.remove();
                    heard.remove(id);
                    return contact;
                }
            }
            return null;
        }

        void removeReplacement(final NodeId id) {
            replacements.removeIf(contact -> contact.id().equals(id));
        }
    }
}
