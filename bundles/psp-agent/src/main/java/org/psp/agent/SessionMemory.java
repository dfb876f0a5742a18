/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An access node's own session memory, partitioned into segments, remembering which segments changed since they
 * were last stored. Thread-safe.
 */
public final class SessionMemory {
    private final int segmentCount;
    /** The sessions of each segment, by key: a segment is read whole each time it is stored or indexed. */
    private final List<Map<SessionKey, Session>> bySegment;
    private final BitSet dirty = new BitSet();

    /**
     * Creates an empty memory.
     *
     * @param segmentCount how many segments the sessions are spread over
     */
    public SessionMemory(final int segmentCount) {
        if (segmentCount < 1) {
            throw new IllegalArgumentException("at least one segment, not " + segmentCount);
        }
        this.segmentCount = segmentCount;
        bySegment = new ArrayList<>(segmentCount);
        for (int segment = 0; segment < segmentCount; segment++) {
            bySegment.add(new HashMap<>());
        }
    }

    /**
     * Returns the number of segments.
     *
     * @return the count
     */
    public int segmentCount() {
        return segmentCount;
    }

    /**
     * Applies a change.
     *
     * @param event the change
     * @return the segment it changed, or empty if it changed nothing (say, the release of an unknown session)
     * @throws IllegalArgumentException if a renewal would end the lease before it started
     */
    public synchronized Optional<Integer> apply(final SessionEvent event) {
        final var key = event.key();
        final int segment = key.segment(segmentCount);
        final var sessions = bySegment.get(segment);
        final boolean changed = switch (event) {
            case SessionEvent.Granted granted -> !granted.session().equals(sessions.put(key, granted.session()));
            case SessionEvent.AdministrativeChange change -> !change.session().equals(sessions.put(key,
                change.session()));
            case SessionEvent.Renewed renewed -> {
                final var current = sessions.get(key);
                if (current == null) {
                    yield false;
                }
                sessions.put(key, new Session(current.port(), current.mac(), current.ipv4(), current.ipv6(),
                    current.leaseStart(), renewed.expiry(), current.outerVlan(), current.innerVlan(),
                    current.circuitId(), current.remoteId()));
                yield true;
            }
            case SessionEvent.Released released -> sessions.remove(key) != null;
            case SessionEvent.Expired expired -> sessions.remove(key) != null;
        };
        if (!changed) {
            return Optional.empty();
        }
        dirty.set(segment);
        return Optional.of(segment);
    }

    /**
     * Returns the sessions of one segment.
     *
     * @param segment 0 to segmentCount - 1
     * @return its sessions
     */
    public synchronized List<Session> segment(final int segment) {
        return new ArrayList<>(bySegment.get(segment).values());
    }

    /**
     * Returns the segments changed since the last call, and forgets them.
     *
     * @return the changed segments
     */
    public synchronized BitSet takeDirty() {
        final var result = (BitSet) dirty.clone();
        dirty.clear();
        return result;
    }

    /**
     * Marks segments as changed again, say because storing them failed.
     *
     * @param segments the segments
     */
    public synchronized void markDirty(final BitSet segments) {
        dirty.or(segments);
    }

    /**
     * Returns how many segments changed since the last {@link #takeDirty()}.
     *
     * @return the count
     */
    public synchronized int dirtyCount() {
        return dirty.cardinality();
    }

    /**
     * Replaces the sessions of one segment, as a recovery does; the segment is not marked changed.
     *
     * @param segment the segment
     * @param restored its sessions
     */
    public synchronized void restore(final int segment, final Collection<Session> restored) {
        for (var session : restored) {
            if (session.key().segment(segmentCount) != segment) {
                throw new IllegalArgumentException("session " + session.key() + " is not in segment " + segment);
            }
        }
        final var sessions = bySegment.get(segment);
        sessions.clear();
        restored.forEach(session -> sessions.put(session.key(), session));
    }

    /**
     * Forgets every session (delete-memory), unless some change is not stored yet.
     *
     * @return how many sessions were forgotten, or empty if a segment changed since it was last stored, in which case
     *     nothing is forgotten
     */
    public synchronized OptionalInt forgetIfStored() {
        if (!dirty.isEmpty()) {
            return OptionalInt.empty();
        }
        final int forgotten = size();
        bySegment.forEach(Map::clear);
        return OptionalInt.of(forgotten);
    }

    /**
     * Returns every session.
     *
     * @return a copy
     */
    public synchronized List<Session> all() {
        final var all = new ArrayList<Session>(size());
        bySegment.forEach(sessions -> all.addAll(sessions.values()));
        return List.copyOf(all);
    }

    /**
     * Returns how many sessions the node has.
     *
     * @return the count
     */
    public synchronized int size() {
        return bySegment.stream().mapToInt(Map::size).sum();
    }
}
