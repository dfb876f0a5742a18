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
    private Map<String, List<CoordinationMessage.HeldChunk>> byOwner = Map.of();
    /** When the first chunk read runs out of storing time, in epoch milliseconds. */
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
        final Set<NodeId> due;
        synchronized (changed) {
            due = new HashSet<>(changed);
            changed.clear();
        }
        final long now = clockMillis.getAsLong();
        if (now >= trueUntilMillis) {
            chunksByOwner.values().forEach(chunks -> chunks.forEach((key, chunk) -> {
                if (chunk.expiresAtMillis() <= now) {
                    due.add(key);
                }
            }));
        }
        if (due.isEmpty()) {
            return byOwner;
        }
        final var owners = new HashSet<String>();
        due.forEach(key -> reread(key, owners));
        if (owners.isEmpty()) {
            return byOwner;
        }
        final var next = new TreeMap<>(byOwner);
        for (var owner : owners) {
            final var chunks = chunksByOwner.get(owner);
            if (chunks == null) {
                next.remove(owner);
            } else {
                final var sorted = new ArrayList<>(chunks.values());
                sorted.sort(IN_SEGMENT_ORDER);
                next.put(owner, List.copyOf(sorted));
            }
        }
        byOwner = Collections.unmodifiableMap(next);
        trueUntilMillis = chunksByOwner.values().stream().flatMap(chunks -> chunks.values().stream())
            .mapToLong(CoordinationMessage.HeldChunk::expiresAtMillis).min().orElse(Long.MAX_VALUE);
        return byOwner;
    }

    /**
     * Returns the chunks of one owner this node holds now.
     *
     * @param owner the owner
     * @return its chunks, possibly none; unmodifiable
     */
    List<CoordinationMessage.HeldChunk> of(final String owner) {
        return byOwner().getOrDefault(owner, List.of());
    }

    private void changed(final NodeId key) {
        synchronized (changed) {
            changed.add(key);
        }
    }

    /** Reads one chunk again, and notes the owners whose chunks changed. */
    private void reread(final NodeId key, final Set<String> owners) {
        final var now = store.visible(key, this::heldChunk);
        final var before = now.isPresent() ? held.put(key, now.orElseThrow()) : held.remove(key);
        if (now.equals(Optional.ofNullable(before))) {
            return;
        }
        if (before != null) {
            final var chunks = chunksByOwner.get(before.owner());
            chunks.remove(key);
            if (chunks.isEmpty()) {
                chunksByOwner.remove(before.owner());
            }
            owners.add(before.owner());
        }
        now.ifPresent(read -> {
            chunksByOwner.computeIfAbsent(read.owner(), owner -> new HashMap<>()).put(key, read.chunk());
            owners.add(read.owner());
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
