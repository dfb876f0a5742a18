/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.psp.erasure.ChunkCodec;
import org.psp.kad.NodeId;
import org.psp.store.ChunkStore;

/**
 * What this node holds of other access nodes' data, by owner, as a holder reports it to their coordinators. It
 * {@linkplain ChunkStore#watch watches} the chunk store and reads again only the chunks that changed or reached the
 * end of their storing time, so that a coordinator's poll costs a look-up, not a pass over every chunk held: under
 * churn the store changes between almost any two polls.
 *
 * <p>Threads: used on the node's scheduler only; the store may change on any thread meanwhile, which the next call
 * sees.
 */
final class HeldChunks {
    private static final String SEGMENT_PREFIX = "segment-";
    private static final Comparator<CoordinationMessage.HeldChunk> IN_SEGMENT_ORDER =
        Comparator.comparingInt(CoordinationMessage.HeldChunk::segment)
            .thenComparingLong(CoordinationMessage.HeldChunk::generation)
            .thenComparingInt(CoordinationMessage.HeldChunk::index);

    /** A chunk of another node's segment, as read from the store. */
    private record Held(String owner, CoordinationMessage.HeldChunk chunk) {
    }

    private final String anId;
    private final ChunkStore store;
    private final LongSupplier clockMillis;
    // The keys the store changed since the last call; filled on the store's threads, under its own lock.
    private final Set<NodeId> changed = new HashSet<>();
    private final Map<NodeId, Held> held = new HashMap<>();
    private final Map<String, Map<NodeId, CoordinationMessage.HeldChunk>> chunksByOwner = new HashMap<>();
    // Each owner's chunks as last handed out; an owner whose chunks changed is left out until asked for again.
    private final Map<String, List<CoordinationMessage.HeldChunk>> lists = new HashMap<>();
    // All owners' chunks as last handed out; null once any changed.
    private Map<String, List<CoordinationMessage.HeldChunk>> byOwner;
    /** No chunk read runs out of storing time before this, in epoch milliseconds; may be earlier than needed. */
    private long trueUntilMillis = Long.MAX_VALUE;

    /**
     * Creates the view of a node's store, and has the store tell it of every change from now on.
     *
     * @param anId the node, whose own chunks are not counted
     * @param store its chunk store
     * @param clockMillis its clock, in epoch milliseconds
     */
    HeldChunks(final String anId, final ChunkStore store, final LongSupplier clockMillis) {
        this.anId = requireNonNull(anId);
        this.store = requireNonNull(store);
        this.clockMillis = requireNonNull(clockMillis);
        store.watch(this::changed);
        store.visible((key, value, expiry) -> {
            changed(key);
            return Optional.empty();
        });
    }

    /**
     * Returns the chunks of others' segments this node holds now, by owner.
     *
     * @return the chunks by owner, sorted by owner, each owner's by segment, generation and index; unmodifiable
     */
    Map<String, List<CoordinationMessage.HeldChunk>> byOwner() {
        catchUp();
        if (byOwner == null) {
            final var all = new TreeMap<String, List<CoordinationMessage.HeldChunk>>();
            chunksByOwner.keySet().forEach(owner -> all.put(owner, listOf(owner)));
            byOwner = Collections.unmodifiableMap(all);
        }
        return byOwner;
    }

    /**
     * Returns the chunks of one owner this node holds now.
     *
     * @param owner the owner
     * @return its chunks by segment, generation and index, possibly none; unmodifiable
     */
    List<CoordinationMessage.HeldChunk> of(final String owner) {
        catchUp();
        return chunksByOwner.containsKey(owner) ? listOf(owner) : List.of();
    }

    private List<CoordinationMessage.HeldChunk> listOf(final String owner) {
        return lists.computeIfAbsent(owner, ignored -> {
            final var sorted = new ArrayList<>(chunksByOwner.get(owner).values());
            sorted.sort(IN_SEGMENT_ORDER);
            return List.copyOf(sorted);
        });
    }

    /** Reads again the chunks changed since the last call, and those whose storing time ran out. */
    private void catchUp() {
        final Set<NodeId> due;
        synchronized (changed) {
            due = new HashSet<>(changed);
            changed.clear();
        }
        final long now = clockMillis.getAsLong();
        if (now >= trueUntilMillis) {
            // An extension or a removal since may have left the bound early: it is made exact again here.
            long until = Long.MAX_VALUE;
            for (var chunks : chunksByOwner.values()) {
                for (var entry : chunks.entrySet()) {
                    final long expires = entry.getValue().expiresAtMillis();
                    if (expires <= now) {
                        due.add(entry.getKey());
                    } else {
                        until = Math.min(until, expires);
                    }
                }
            }
            trueUntilMillis = until;
        }
        due.forEach(this::reread);
    }

    private void changed(final NodeId key) {
        synchronized (changed) {
            changed.add(key);
        }
    }

    /** Reads one chunk again. */
    private void reread(final NodeId key) {
        final var now = store.visible(key, this::heldChunk);
        final var before = now.isPresent() ? held.put(key, now.orElseThrow()) : held.remove(key);
        if (now.equals(Optional.ofNullable(before))) {
            return;
        }
        byOwner = null;
        if (before != null) {
            final var chunks = chunksByOwner.get(before.owner());
            chunks.remove(key);
            if (chunks.isEmpty()) {
                chunksByOwner.remove(before.owner());
            }
            lists.remove(before.owner());
        }
        now.ifPresent(read -> {
            chunksByOwner.computeIfAbsent(read.owner(), owner -> new HashMap<>()).put(key, read.chunk());
            lists.remove(read.owner());
            trueUntilMillis = Math.min(trueUntilMillis, read.chunk().expiresAtMillis());
        });
    }

    private Optional<Held> heldChunk(final NodeId key, final byte[] value, final Instant expiry) {
        return ChunkCodec.peekHeader(value)
            .filter(header -> !header.ownerId().equals(anId) && header.objectName().startsWith(SEGMENT_PREFIX))
            .flatMap(header -> segmentOf(header.objectName()).map(segment -> new Held(header.ownerId(),
                new CoordinationMessage.HeldChunk(segment, header.generation(), header.index(),
                    expiry.toEpochMilli()))));
    }

    private static Optional<Integer> segmentOf(final String objectName) {
        try {
            final int segment = Integer.parseInt(objectName.substring(SEGMENT_PREFIX.length()));
            return segment < 0 ? Optional.empty() : Optional.of(segment);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
