/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.psp.erasure.Chunk;
import org.psp.erasure.ChunkCodec;
import org.psp.erasure.ObjectDigest;
import org.psp.erasure.StripeCodec;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.LookupResult;
import org.psp.kad.NodeId;

/**
 * Stores one generation of one segment: encodes its sessions and codes them into a stripe on the coding workers, then
 * places every chunk on a node of its own (or, with fewer nodes than chunks, spread evenly), the holder of the same
 * chunk of the previous generation first. Placing takes two steps: every chunk first gets a holder that reserved room
 * for it, and only then are the chunks written, so that a stripe that finds no room fails before anything is written.
 * Stateless apart from its node; every store is independent.
 */
final class SegmentWriter {
    private static final int PLACEMENT_ATTEMPTS = 3;
    private static final int CANDIDATES = 64;
    /** How long a holder keeps room for a chunk: the stripe's other reservations and the write come within it. */
    static final Duration RESERVATION_HOLD = Duration.ofSeconds(30);

    private final String anId;
    private final KadNode node;
    private final Executor coder;
    private final Duration storingTime;
    private final HolderDirectory directory;
    private final Usefulness usefulness;

    /**
     * Creates the writer of an access node's segments.
     *
     * @param anId the access node
     * @param node its overlay node
     * @param coder the workers that code segments
     * @param storingTime how long holders keep a chunk
     * @param directory where the node's holders are, learnt as chunks are placed
     * @param usefulness the node's account of give and take, which bounds what it places
     */
    SegmentWriter(final String anId, final KadNode node, final Executor coder, final Duration storingTime,
            final HolderDirectory directory, final Usefulness usefulness) {
        this.anId = requireNonNull(anId);
        this.node = requireNonNull(node);
        this.coder = requireNonNull(coder);
        this.storingTime = requireNonNull(storingTime);
        this.directory = requireNonNull(directory);
        this.usefulness = requireNonNull(usefulness);
    }

    /**
     * Stores a generation of a segment; nothing is published.
     *
     * @param segment the segment
     * @param sessions its sessions, read on the coding workers
     * @param generation the new generation, never used before for this segment
     * @param stripes the coding of the new generation
     * @param previous the current version, whose holders keep their chunks when they can
     * @return the version stored; fails if a chunk found no holder
     */
    CompletableFuture<SegmentVersion> store(final int segment, final Supplier<List<Session>> sessions,
            final long generation, final StripeCodec stripes, final Optional<SegmentVersion> previous) {
        return CompletableFuture.supplyAsync(() -> {
            final var bytes = SegmentCodec.encode(sessions.get());
            return new CodedSegment(bytes.length, ObjectDigest.of(bytes),
                stripes.encode(anId, "segment-" + segment, generation, bytes));
        }, coder).thenCompose(coded -> {
            final long stripeBytes = coded.chunks().stream()
                .mapToLong(chunk -> ChunkCodec.encodedLength(chunk.header())).sum();
            final var heldBack = usefulness.refusalToPlace(stripeBytes);
            if (heldBack.isPresent()) {
                return CompletableFuture.failedFuture(new IllegalStateException(heldBack.orElseThrow()));
            }
            final var holders = new StripeHolders();
            // With fewer other members than chunks some hold several, up to a fair share; they keep those of the
            // previous generation within it.
            final int fairShare = StripeHolders.fairShare(coded.chunks().size(), node.routingTable().size());
            final var keys = new ArrayList<NodeId>();
            final var values = new ArrayList<byte[]>();
            final var reserved = new ArrayList<CompletableFuture<Contact>>();
            for (var chunk : coded.chunks()) {
                final int index = chunk.header().index();
                final var key = AccessNodeAgent.chunkKey(anId, segment, generation, index);
                final var value = ChunkCodec.encode(chunk);
                // The holder of the same chunk of the previous generation keeps it, when its address is known: no
                // lookup.
                final var kept = previous.filter(version -> index < version.holders().size())
                    .flatMap(version -> directory.known(version.holders().get(index)));
                keys.add(key);
                values.add(value);
                final var keep = kept.flatMap(holder -> holders.keep(holder, fairShare));
                reserved.add(reserve(key, value.length, holders, keep, PLACEMENT_ATTEMPTS));
            }
            // Written only once every chunk has room.
            return CompletableFuture.allOf(reserved.toArray(CompletableFuture[]::new)).thenCompose(allReserved -> {
                final var written = new ArrayList<CompletableFuture<NodeId>>();
                for (int index = 0; index < keys.size(); index++) {
                    written.add(write(keys.get(index), values.get(index), reserved.get(index).join(), holders,
                        PLACEMENT_ATTEMPTS));
                }
                return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).thenApply(ignored ->
                    new SegmentVersion(generation, coded.digest(), stripes.coding(), coded.length(),
                        written.stream().map(CompletableFuture::join).toList()));
            });
        });
    }

    /** A segment coded for storing: its encoded length and digest, and its chunks. */
    private record CodedSegment(int length, ObjectDigest digest, List<Chunk> chunks) {
    }

    /**
     * Finds a holder with room for a chunk: the preferred node, or else the node closest to its key that holds no
     * other chunk of the stripe, when there is one, else one that holds fewest. A node that refuses is not asked
     * again for this stripe while there are others, and the next one is tried at once; a node that does not answer
     * costs one attempt.
     */
    private CompletableFuture<Contact> reserve(final NodeId key, final int size, final StripeHolders holders,
            final Optional<StripeHolders.Pick> preferred, final int attempts) {
        final var preferredPick = preferred.map(pick -> CompletableFuture.completedFuture(Optional.of(pick)));
        return preferredPick.orElseGet(() -> node.lookup(key).thenApply(found -> pickHolder(key, found, holders)))
            .thenCompose(pick -> {
                if (pick.isEmpty()) {
                    return CompletableFuture.<Contact>failedFuture(
                        new IllegalStateException("no node to hold a chunk"));
                }
                final var holder = pick.orElseThrow().holder();
                final var reserved = node.reserveAt(holder, key, size, RESERVATION_HOLD, usefulness.weightedGiven(),
                    usefulness.weightedTaken(), usefulness.allowance());
                return reserved.handle((outcome, silent) -> {
                    if (silent == null && outcome.accepted()) {
                        return CompletableFuture.completedFuture(holder);
                    }
                    if (silent != null) {
                        directory.forget(holder.id());
                    }
                    if (silent == null && pick.orElseThrow().fresh()) {
                        return reserve(key, size, holders, Optional.empty(), attempts);
                    }
                    final var reason = silent == null ? outcome.reason()
                        : "no answer: " + AccessNodeAgent.rootMessage(silent);
                    return attempts > 1 ? reserve(key, size, holders, Optional.empty(), attempts - 1)
                        : CompletableFuture.<Contact>failedFuture(new IllegalStateException(reason));
                }).thenCompose(next -> next);
            });
    }

    /**
     * Writes a chunk on the holder that reserved room for it; if that holder fails now (gone, or restarted and lost
     * the reservation), on another one that reserves room.
     */
    private CompletableFuture<NodeId> write(final NodeId key, final byte[] value, final Contact holder,
            final StripeHolders holders, final int attempts) {
        return node.storeAt(holder, key, value, storingTime).handle((outcome, silent) -> {
            if (silent == null && outcome.accepted()) {
                directory.learn(holder);
                usefulness.took(value.length);
                return CompletableFuture.completedFuture(holder.id());
            }
            if (silent != null) {
                directory.forget(holder.id());
            }
            final var reason = silent == null ? outcome.reason() : "no answer: " + AccessNodeAgent.rootMessage(silent);
            return attempts > 1
                ? reserve(key, value.length, holders, Optional.empty(), PLACEMENT_ATTEMPTS)
                    .thenCompose(next -> write(key, value, next, holders, attempts - 1))
                : CompletableFuture.<NodeId>failedFuture(new IllegalStateException(reason));
        }).thenCompose(next -> next);
    }

    private Optional<StripeHolders.Pick> pickHolder(final NodeId key, final LookupResult found,
            final StripeHolders holders) {
        final var candidates = new LinkedHashSet<Contact>(found.closest());
        candidates.addAll(node.routingTable().closest(key, CANDIDATES));
        return holders.pick(candidates);
    }
}
