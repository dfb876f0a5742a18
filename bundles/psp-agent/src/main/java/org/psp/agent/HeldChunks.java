/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.psp.erasure.ChunkCodec;
import org.psp.store.ChunkStore;

/**
 * What this node holds of other access nodes' data, by owner, as a holder reports it to their coordinators. It is
 * read from the chunk store, and read again only once the store changed or one of the chunks reached the end of its
 * storing time, so that a coordinator's poll costs a look-up, not a pass over every chunk held.
 *
 * <p>Threads: used on the node's scheduler only; the store may change on any thread meanwhile, which the next call
 * sees.
 */
final class HeldChunks {
    private static final String SEGMENT_PREFIX = "segment-";

    private final String anId;
    private final ChunkStore store;
    private final LongSupplier clockMillis;
    private Map<String, List<CoordinationMessage.HeldChunk>> byOwner = Map.of();
    private long readAtChange = -1;
    /** When the first chunk read runs out of storing time, in epoch milliseconds. */
    private long trueUntilMillis;

    /**
     * Creates the view of a node's store.
     *
     * @param anId the node, whose own chunks are not counted
     * @param store its chunk store
     * @param clockMillis its clock, in epoch milliseconds
     */
    HeldChunks(final String anId, final ChunkStore store, final LongSupplier clockMillis) {
        this.anId = requireNonNull(anId);
        this.store = requireNonNull(store);
        this.clockMillis = requireNonNull(clockMillis);
    }

    /**
     * Returns the chunks of others' segments this node holds now, by owner.
     *
     * @return the chunks by owner, sorted by owner; unmodifiable
     */
    Map<String, List<CoordinationMessage.HeldChunk>> byOwner() {
        // The count first: a change while the store is read makes the next call read it again.
        final long change = store.changes();
        if (change != readAtChange || clockMillis.getAsLong() >= trueUntilMillis) {
            byOwner = read();
            readAtChange = change;
            trueUntilMillis = byOwner.values().stream().flatMap(List::stream)
                .mapToLong(CoordinationMessage.HeldChunk::expiresAtMillis).min().orElse(Long.MAX_VALUE);
        }
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

    private Map<String, List<CoordinationMessage.HeldChunk>> read() {
        final var read = new TreeMap<String, List<CoordinationMessage.HeldChunk>>();
        store.visible((key, value, expiry) -> ChunkCodec.peekHeader(value)
                .filter(header -> !header.ownerId().equals(anId) && header.objectName().startsWith(SEGMENT_PREFIX))
                .flatMap(header -> segmentOf(header.objectName()).map(segment -> Map.entry(header.ownerId(),
                    new CoordinationMessage.HeldChunk(segment, header.generation(), header.index(),
                        expiry.toEpochMilli())))))
            .forEach(entry -> read.computeIfAbsent(entry.getKey(), owner -> new ArrayList<>()).add(entry.getValue()));
        read.replaceAll((owner, chunks) -> List.copyOf(chunks));
        return Collections.unmodifiableMap(read);
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
