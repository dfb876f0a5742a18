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
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.psp.erasure.ChunkCodec;
import org.psp.erasure.ReedSolomon;
import org.psp.erasure.StripeCodec;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;

/**
 * Re-creates the lost chunks of a stripe for its coordinator: reads m chunks (those reported alive first), decodes,
 * encodes the stripe again and places each lost chunk on a node that holds none of the stripe's live chunks (with
 * fewer nodes than chunks, one that holds fewest) and is not its owner, for a given storing time. Per stripe that
 * costs m chunk reads and one chunk write per lost chunk (more writes only when a node refuses or is silent).
 *
 * <p>Threads: the counters are touched only on the node's scheduler.
 */
final class StripeRepair {
    private static final int PLACEMENT_CANDIDATES = 4;
    /**
     * How many of the nodes closest to a chunk's key a repair looks up: the closest alone, a lookup of three requests
     * where the K closest take a dozen; the routing table's contacts closest to the key come next. A repair only
     * needs a live node that holds little of the stripe, as holders are found by their ids in the manifest. A
     * stripe's first placement still looks up the K closest: placed from one looked-up node and the owner's routing
     * table, the repair experiment lost segments at a 15-minute interval that it keeps otherwise.
     */
    private static final int LOOKED_UP = 1;
    private static final int ROUTING_CANDIDATES = 16;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final KadNode node;
    private final OverlayReader reader;
    private final HolderDirectory directory;
    private final Executor coder;
    private long stripesRepaired;
    private long chunksRepaired;
    private long reads;
    private long writes;

    StripeRepair(final KadNode node, final OverlayReader reader, final HolderDirectory directory,
            final Executor coder) {
        this.node = requireNonNull(node);
        this.reader = requireNonNull(reader);
        this.directory = requireNonNull(directory);
        this.coder = requireNonNull(coder);
    }

    /**
     * Repairs a stripe.
     *
     * @param owner the access node whose segment it is
     * @param segment the segment
     * @param version its version, with the holder of each chunk
     * @param live the chunks whose holders reported them lately; the others are re-created
     * @param storingTime how long the new holders keep their chunks: what is left of the owner's storing time
     * @return the version with the new holders; fails if fewer than m chunks could be read or no node took a chunk
     */
    CompletableFuture<SegmentVersion> repair(final String owner, final int segment, final SegmentVersion version,
            final BitSet live, final Duration storingTime) {
        reads += version.coding().dataChunks();
        return reader.fetchFromLive(owner, segment, version, live, directory).thenApplyAsync(bytes ->
                new StripeCodec(ReedSolomon.of(version.coding())).encode(owner, "segment-" + segment,
                    version.generation(), bytes), coder)
            .thenComposeAsync(chunks -> {
                final var holders = new ArrayList<>(version.holders());
                // How many live chunks of the stripe each node holds: a new chunk goes to a node that holds none,
                // or with fewer nodes than chunks to one that holds fewest; never to the owner.
                final var load = new HashMap<NodeId, Integer>();
                live.stream().forEach(index -> load.merge(holders.get(index), 1, Integer::sum));
                // Neither the owner nor a holder that lost its chunks (gone, most likely) takes one.
                final var excluded = new HashSet<NodeId>();
                excluded.add(NodeId.ofAccessNode(owner));
                for (int index = 0; index < holders.size(); index++) {
                    if (!live.get(index) && !load.containsKey(holders.get(index))) {
                        excluded.add(holders.get(index));
                    }
                }
                CompletableFuture<Void> chain = DONE;
                for (int index = 0; index < chunks.size(); index++) {
                    if (live.get(index)) {
                        continue;
                    }
                    final int chunkIndex = index;
                    final var key = AccessNodeAgent.chunkKey(owner, segment, version.generation(), index);
                    final var bytes = ChunkCodec.encode(chunks.get(index));
                    // One at a time, so that each placement knows the holders the previous ones chose.
                    chain = chain.thenCompose(ignored -> place(key, bytes, storingTime, load, excluded))
                        .thenAcceptAsync(holder -> holder.ifPresent(placed -> {
                            holders.set(chunkIndex, placed);
                            load.merge(placed, 1, Integer::sum);
                            chunksRepaired++;
                        }), node.scheduler());
                }
                return chain.thenApplyAsync(ignored -> {
                    if (holders.equals(version.holders())) {
                        throw new IllegalStateException("no node took any of the "
                            + (chunks.size() - live.cardinality()) + " lost chunks");
                    }
                    stripesRepaired++;
                    return new SegmentVersion(version.generation(), version.digest(), version.coding(),
                        version.length(), holders);
                }, node.scheduler());
            }, node.scheduler());
    }

    /** Adds the repair counters to the other coordination counters. */
    CoordinationCounters addTo(final CoordinationCounters counters) {
        return new CoordinationCounters(counters.heartbeatsSent(), counters.heartbeatsReceived(), counters.refused(),
            counters.elections(), counters.handOvers(), stripesRepaired, chunksRepaired, reads, writes);
    }

    /**
     * Stores a chunk on a node that holds fewest of the stripe: among the node closest to its key first, then the
     * routing table's contacts closest to it.
     */
    private CompletableFuture<Optional<NodeId>> place(final NodeId key, final byte[] bytes, final Duration storingTime,
            final Map<NodeId, Integer> load, final Set<NodeId> excluded) {
        return node.lookup(key, LOOKED_UP).thenComposeAsync(found -> {
            final var candidates = new LinkedHashSet<Contact>(found.closest());
            candidates.addAll(node.routingTable().closest(key, ROUTING_CANDIDATES));
            final var least = candidates.stream().filter(contact -> !excluded.contains(contact.id()))
                .sorted(Comparator.comparingInt(contact -> load.getOrDefault(contact.id(), 0)))
                .limit(PLACEMENT_CANDIDATES).toList();
            return placeOn(least, key, bytes, storingTime);
        }, node.scheduler());
    }

    private CompletableFuture<Optional<NodeId>> placeOn(final List<Contact> candidates, final NodeId key,
            final byte[] bytes, final Duration storingTime) {
        if (candidates.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        final var candidate = candidates.getFirst();
        writes++;
        return node.storeAt(candidate, key, bytes, storingTime).handleAsync((outcome, failure) -> {
            if (failure == null && outcome.accepted()) {
                directory.learn(candidate);
                return CompletableFuture.completedFuture(Optional.of(candidate.id()));
            }
            return placeOn(candidates.subList(1, candidates.size()), key, bytes, storingTime);
        }, node.scheduler()).thenCompose(next -> next);
    }
}
