/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.Contact;
import org.psp.kad.IndexAnswer;
import org.psp.kad.IndexRecord;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;
import org.psp.kad.ValueStore;

/**
 * Keeps an access node's entries in the overlay's index: for each session it has stored, a record under each of its
 * {@linkplain IndexKey keywords}, and for each segment stored, a record of its chunks' holders under its content
 * hash. The index follows the segments the node stores: a segment's sessions are published as the segment is stored,
 * its chunks' holders within {@link #OBJECT_DELAY} after (the segments stored meanwhile gathered in one publication
 * each), and forgetting the memory (to test a recovery) leaves the index alone.
 *
 * <p>A session that ends, or no longer has a keyword, gets its record ended there: valid until then, so that a search
 * for that moment still finds it, kept for the {@linkplain IndexSettings#retention() retention} and then deleted. A
 * session that comes back within it gets a newer version, which replaces the ended one. A renewal of a lease that the
 * index holds as valid past the next republish waits for it. Everything is published again
 * every {@linkplain IndexSettings#republishInterval() republish interval}, and after a recovery, so that records lost
 * with their holders come back and nodes that joined closer to a keyword get them. At most {@value #IN_FLIGHT}
 * publications are in flight at a time. Thread-safe.
 */
public final class SessionIndex implements AgentListener {
    private static final System.Logger LOG = System.getLogger(SessionIndex.class.getName());
    /** Publications in flight at most: a recovery publishes every session, and must not flood the overlay. */
    static final int IN_FLIGHT = 16;
    /** How long stored segments are gathered before their content records are published. */
    static final Duration OBJECT_DELAY = Duration.ofSeconds(5);
    /** How long an ended record is held past its retention, for its tombstone to replace it. */
    private static final Duration BURIAL_GRACE = Duration.ofMinutes(1);

    private final String anId;
    private final KadNode node;
    private final SessionMemory memory;
    private final Supplier<Map<Integer, SegmentVersion>> versions;
    private final IndexSettings settings;
    private final Map<Integer, Map<SessionKey, Session>> published = new HashMap<>();
    private final Map<Integer, SegmentVersion> publishedObjects = new HashMap<>();
    private final Map<Ended, Ending> ended = new HashMap<>();
    private final Queue<Burial> burials = new PriorityQueue<>(Comparator.comparingLong(Burial::atMillis));
    private final BitSet objectsDue = new BitSet();
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    // The nodes that kept the last publication under each key: the next one starts its lookup from them. A republish
    // forgets the keys it does not publish under.
    private final Map<NodeId, List<Contact>> holders = new HashMap<>();
    // The keys the republish under way publishes under; null between republishes.
    private Set<NodeId> republished;
    private final LongAdder publications = new LongAdder();
    private int inFlight;
    private long lastVersion;

    /** A record ended under a key. */
    private record Ended(NodeId key, NodeId recordId) {
    }

    /**
     * What is published of an ended record, and until when: the record itself until its retention runs out, then
     * its tombstone for as long as an older copy of it may still be held somewhere.
     */
    private record Ending(IndexRecord record, long keepUntilMillis) {
    }

    /** When an ended record is due to give way to its tombstone. */
    private record Burial(long atMillis, Ended which, Ending ending) {
    }

    /**
     * Creates the index keeper of an access node.
     *
     * @param anId the access node
     * @param node its overlay node
     * @param memory its sessions
     * @param versions the segment versions it has published
     * @param settings how records are kept
     */
    public SessionIndex(final String anId, final KadNode node, final SessionMemory memory,
            final Supplier<Map<Integer, SegmentVersion>> versions, final IndexSettings settings) {
        this.anId = requireNonNull(anId);
        this.node = requireNonNull(node);
        this.memory = requireNonNull(memory);
        this.versions = requireNonNull(versions);
        this.settings = requireNonNull(settings);
    }

    /**
     * Returns how many records were published, counting every keyword and every republish.
     *
     * @return the count
     */
    public long publications() {
        return publications.sum();
    }

    /**
     * Tells whether every publication asked for so far is done.
     *
     * @return true if none is waiting or in flight
     */
    public synchronized boolean idle() {
        return inFlight == 0 && waiting.isEmpty();
    }

    @Override
    public void stored(final String owner, final BitSet segments, final Instant takenAt) {
        if (!settings.enabled()) {
            return;
        }
        final boolean first;
        synchronized (this) {
            first = objectsDue.isEmpty();
            objectsDue.or(segments);
        }
        if (first) {
            // Gathered for a while: a segment stored again and again (a busy DHCP server) is published once.
            node.scheduler().schedule(this::publishDueObjects, OBJECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void publishDueObjects() {
        final BitSet due;
        synchronized (this) {
            due = (BitSet) objectsDue.clone();
            objectsDue.clear();
        }
        syncObjects(due);
    }

    @Override
    public void recovered(final String owner, final RecoveryReport report) {
        final var all = new BitSet();
        all.set(0, memory.segmentCount());
        syncSessions(all);
        syncObjects(all);
    }

    /**
     * Brings the index up to the sessions of some segments: publishes what is new or changed, ends what is gone. The
     * agent calls it as it starts storing them, so that the index is updated while the segments are stored.
     *
     * @param segments the segments
     */
    public synchronized void syncSessions(final BitSet segments) {
        if (!settings.enabled()) {
            return;
        }
        final long now = node.clock().millis();
        segments.stream().forEach(segment -> {
            final var before = published.getOrDefault(segment, Map.of());
            final var after = new HashMap<SessionKey, Session>();
            memory.segment(segment).forEach(session -> after.put(session.key(), session));
            before.forEach((key, old) -> {
                final var current = after.get(key);
                if (current != null && sameKeywords(old, current)) {
                    return;
                }
                final var kept = current == null ? List.<IndexKey>of() : IndexKey.of(current);
                IndexKey.of(old).stream().filter(indexKey -> !kept.contains(indexKey))
                    .forEach(indexKey -> end(indexKey, old, now));
            });
            after.forEach((key, session) -> {
                final var old = before.get(key);
                if (!session.equals(old) && !renewedWellAhead(old, session, now)) {
                    publishLive(session, now);
                }
            });
            if (after.isEmpty()) {
                published.remove(segment);
            } else {
                published.put(segment, after);
            }
        });
    }

    /**
     * Brings the index up to the stored versions of some segments: their content hashes and chunk holders.
     *
     * @param segments the segments
     */
    synchronized void syncObjects(final BitSet segments) {
        if (!settings.enabled()) {
            return;
        }
        final long now = node.clock().millis();
        final var objects = versions.get();
        segments.stream().forEach(segment -> syncObject(segment, objects.get(segment), now));
    }

    /**
     * Publishes every record again: the live sessions', the stored objects' and the ended ones' still within their
     * retention. The agent calls it every republish interval.
     */
    public synchronized void republish() {
        if (!settings.enabled()) {
            return;
        }
        final long now = node.clock().millis();
        republished = new HashSet<>();
        published.values().forEach(sessions -> sessions.values().forEach(session -> publishLive(session, now)));
        publishedObjects.forEach((segment, version) -> publishObject(segment, version, now));
        for (Iterator<Map.Entry<Ended, Ending>> it = ended.entrySet().iterator(); it.hasNext(); ) {
            final var entry = it.next();
            final var ending = entry.getValue();
            final long left = ending.keepUntilMillis() - now;
            if (left > 0) {
                send(entry.getKey().key(), ending.record(), Duration.ofMillis(left));
            } else if (ending.record().isTombstone()) {
                it.remove();
            }
            // An ended record past its retention is buried by buryEnded, within a second.
        }
        holders.keySet().retainAll(republished);
        republished = null;
    }

    private static boolean sameKeywords(final Session one, final Session other) {
        return one.ipv4().equals(other.ipv4()) && one.ipv6().equals(other.ipv6()) && one.mac().equals(other.mac())
            && one.circuitId().equals(other.circuitId());
    }

    /**
     * Tells whether a change is only a renewal of a lease that the index holds as valid past the next republish: the
     * most frequent lease change by far (every subscriber renews at half its lease). It goes out with the next
     * republish, and every search up to then still finds the session; only its lease end shows the one before.
     */
    private boolean renewedWellAhead(final Session old, final Session renewed, final long now) {
        return old != null && renewed.leaseExpiry().isAfter(old.leaseExpiry())
            && old.leaseExpiry().toEpochMilli() > now + settings.liveStoringTime().toMillis()
            && renewed.equals(new Session(old.port(), old.mac(), old.ipv4(), old.ipv6(), old.leaseStart(),
                renewed.leaseExpiry(), old.outerVlan(), old.innerVlan(), old.circuitId(), old.remoteId()));
    }

    private void publishLive(final Session session, final long now) {
        final long version = nextVersion(now);
        final var location = SessionLocation.of(anId, session, session.leaseExpiry());
        final var record = location.toRecord(version);
        if (record.isEmpty()) {
            LOG.log(Level.WARNING, "{0}: session {1} is too large for an index record and is not indexed", anId,
                session.key());
            return;
        }
        final long untilRetained = session.leaseExpiry().toEpochMilli() + settings.retention().toMillis() - now;
        final var storing = Duration.ofMillis(Math.max(1000, Math.min(untilRetained,
            settings.liveStoringTime().toMillis())));
        for (var key : IndexKey.of(session)) {
            ended.remove(new Ended(key.hash(), record.orElseThrow().recordId()));
            send(key.hash(), record.orElseThrow(), storing);
        }
    }

    private void end(final IndexKey key, final Session session, final long now) {
        final var endedAt = Instant.ofEpochMilli(Math.min(now, session.leaseExpiry().toEpochMilli()));
        SessionLocation.of(anId, session, endedAt.isBefore(session.leaseStart()) ? session.leaseStart() : endedAt)
            .toRecord(nextVersion(now)).ifPresent(record -> endRecord(key.hash(), record,
                record.validUntilMillis() + settings.retention().toMillis(), now));
    }

    /**
     * Publishes a record's ended version, kept until the given instant; then its tombstone takes its place (the
     * delayed delete).
     */
    private void endRecord(final NodeId key, final IndexRecord record, final long keepUntilMillis, final long now) {
        final var which = new Ended(key, record.recordId());
        final var ending = new Ending(record, keepUntilMillis);
        ended.put(which, ending);
        burials.add(new Burial(keepUntilMillis, which, ending));
        // Held a little past its time, so that its tombstone takes over from it rather than after it.
        send(key, record, Duration.ofMillis(Math.max(1000, keepUntilMillis - now)).plus(BURIAL_GRACE));
    }

    /**
     * Replaces each ended record whose retention ran out by its tombstone: the delayed delete. The agent calls it
     * every second.
     */
    public synchronized void buryEnded() {
        final long now = node.clock().millis();
        while (!burials.isEmpty() && burials.peek().atMillis() <= now) {
            final var due = burials.poll();
            // Unless it was published again since, live or ended anew.
            if (ended.get(due.which()) == due.ending()) {
                ended.put(due.which(), bury(due.which(), due.ending().record(), now));
            }
        }
    }

    /**
     * Replaces an ended record by its tombstone, kept on the record's index nodes as long as a live copy published
     * before the end may be held by a node that a later version did not reach (one that took the key's records while
     * it knew too few nodes closer to the key): until then the tombstone, the newer version, hides it.
     */
    private Ending bury(final Ended which, final IndexRecord record, final long now) {
        final var tombstone = IndexRecord.tombstone(record, nextVersion(now));
        final var storing = settings.liveStoringTime();
        send(which.key(), tombstone, storing);
        return new Ending(tombstone, now + storing.toMillis());
    }

    private void syncObject(final int segment, final SegmentVersion version, final long now) {
        final var before = publishedObjects.get(segment);
        if (before != null && !before.equals(version)) {
            // Replaced: its chunks are being deleted.
            final var record = objectLocation(segment, before).toRecord(nextVersion(now), Math.min(now,
                before.generation()), now);
            endRecord(StoredObjectLocation.keyOf(before.digest()), record, now + settings.retention().toMillis(), now);
        }
        if (version == null) {
            publishedObjects.remove(segment);
        } else if (!version.equals(before)) {
            publishedObjects.put(segment, version);
            publishObject(segment, version, now);
        }
    }

    private void publishObject(final int segment, final SegmentVersion version, final long now) {
        final var storing = settings.liveStoringTime();
        send(StoredObjectLocation.keyOf(version.digest()), objectLocation(segment, version)
            .toRecord(nextVersion(now), Math.min(now, version.generation()), now + storing.toMillis()), storing);
    }

    private StoredObjectLocation objectLocation(final int segment, final SegmentVersion version) {
        return new StoredObjectLocation(anId, segment, version.generation(), version.coding(), version.holders());
    }

    private long nextVersion(final long now) {
        lastVersion = Math.max(lastVersion + 1, now);
        return lastVersion;
    }

    private void send(final NodeId key, final IndexRecord record, final Duration storing) {
        if (republished != null) {
            republished.add(key);
        }
        waiting.add(() -> node.index().publish(key, record, storing, settings.replicas(), lastHolders(key))
            .whenComplete((outcomes, failure) -> {
                publications.increment();
                if (failure == null) {
                    keptBy(key, outcomes);
                }
                if (failure != null || outcomes.values().stream().noneMatch(ValueStore.Outcome::accepted)) {
                    LOG.log(Level.DEBUG, "{0}: index record not published: {1}", anId,
                        failure != null ? failure.getMessage() : outcomes.values());
                }
                next(true);
            }));
        next(false);
    }

    private synchronized List<Contact> lastHolders(final NodeId key) {
        return holders.getOrDefault(key, List.of());
    }

    private synchronized void keptBy(final NodeId key, final Map<Contact, ValueStore.Outcome> outcomes) {
        final var kept = outcomes.entrySet().stream().filter(outcome -> outcome.getValue().accepted())
            .map(Map.Entry::getKey).toList();
        if (kept.isEmpty()) {
            holders.remove(key);
        } else {
            holders.put(key, kept);
        }
    }

    private void next(final boolean finished) {
        final Runnable start;
        synchronized (this) {
            if (finished) {
                inFlight--;
            }
            if (inFlight >= IN_FLIGHT || waiting.isEmpty()) {
                return;
            }
            inFlight++;
            start = waiting.poll();
        }
        start.run();
    }

    /**
     * Finds the sessions that held a keyword at an instant, from any member or client of the overlay.
     *
     * @param node the node that asks
     * @param key the keyword
     * @param at the instant
     * @param settings on how many nodes records are held
     * @return the sessions found, the latest lease first; fails if no index node answered
     */
    public static CompletableFuture<SessionSearch> find(final KadNode node, final IndexKey key, final Instant at,
            final IndexSettings settings) {
        return node.index().find(key.hash(), at.toEpochMilli(), settings.replicas()).thenApply(answer ->
            new SessionSearch(readable(answer, key.toString(), SessionLocation::fromRecord), answer.hops(),
                answer.answered()));
    }

    /**
     * Finds where the chunks of a stored object are, by its content hash.
     *
     * @param node the node that asks
     * @param digest the object's SHA-256
     * @param settings on how many nodes records are held
     * @return the locations found (one, unless two owners stored the same bytes); fails if no index node answered
     */
    public static CompletableFuture<List<StoredObjectLocation>> findHolders(final KadNode node,
            final ObjectDigest digest, final IndexSettings settings) {
        return node.index().find(StoredObjectLocation.keyOf(digest), node.clock().millis(), settings.replicas())
            .thenApply(answer -> readable(answer, "content " + digest, StoredObjectLocation::fromRecord));
    }

    /** Reads one kind of record from an answer. */
    private interface RecordReader<T> {
        T read(IndexRecord record) throws SessionFormatException;
    }

    /**
     * Returns the records of an answer that read as what was asked for, skipping (and logging) the others.
     *
     * @throws IllegalStateException if no index node answered
     */
    private static <T> List<T> readable(final IndexAnswer answer, final String keyword, final RecordReader<T> reader) {
        if (answer.answered() == 0) {
            throw new IllegalStateException(answer.asked() == 0 ? "no member of the overlay is known"
                : "none of the " + answer.asked() + " index nodes of " + keyword + " answered");
        }
        final var found = new ArrayList<T>();
        for (var record : answer.records()) {
            try {
                found.add(reader.read(record));
            } catch (SessionFormatException e) {
                LOG.log(Level.WARNING, "an index record under {0} is unreadable: {1}", keyword, e.getMessage());
            }
        }
        return List.copyOf(found);
    }
}
