/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.psp.erasure.Chunk;
import org.psp.erasure.ChunkCodec;
import org.psp.erasure.ChunkFormatException;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ErasureException;
import org.psp.erasure.ObjectDigest;
import org.psp.erasure.ReedSolomon;
import org.psp.erasure.StripeCodec;
import org.psp.kad.Contact;
import org.psp.kad.KadConfig;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;
import org.psp.store.ChunkStore;

/**
 * One access node: its own session memory, kept in the overlay as one Reed-Solomon stripe per segment, each chunk
 * on a different node, with a manifest on the K nodes closest to its key; and the RAM it lends to the other nodes.
 *
 * <p>A change is stored as a new generation of the changed segments, then the manifest that points to it, and only
 * then are the old generation's chunks deleted, so that the old or the new version is always recoverable.
 */
public final class AccessNodeAgent implements AutoCloseable {
    private static final int PARALLEL_SEGMENTS = 4;
    private static final int PLACEMENT_ATTEMPTS = 3;
    private static final int FETCH_RETRIES = 5;
    private static final long RETRY_PAUSE_MILLIS = 100;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final String anId;
    private final CodingParameters coding;
    private final StripeCodec stripes;
    private final SessionMemory memory;
    private final ChunkStore chunkStore;
    private final KadNode node;
    private final Map<Integer, SegmentVersion> versions = new ConcurrentHashMap<>();
    private long manifestGeneration;

    /**
     * Starts an agent.
     *
     * @param kad the overlay settings; its AN id is the agent's
     * @param group the event loops
     * @param coding m and k for the stripes
     * @param segments how many segments the sessions are spread over
     * @param capacityBytes the RAM lent to other nodes
     * @throws InterruptedException if interrupted while binding
     */
    public AccessNodeAgent(final KadConfig kad, final EventLoopGroup group, final CodingParameters coding,
            final int segments, final long capacityBytes) throws InterruptedException {
        anId = kad.anId();
        this.coding = requireNonNull(coding);
        stripes = new StripeCodec(ReedSolomon.of(coding));
        memory = new SessionMemory(segments);
        chunkStore = new ChunkStore(capacityBytes, Duration.ofDays(1), Duration.ofMinutes(10),
            InstantSource.system());
        node = KadNode.start(kad, group, chunkStore);
    }

    /**
     * Returns the node's own session memory.
     *
     * @return the memory
     */
    public SessionMemory memory() {
        return memory;
    }

    /**
     * Returns the overlay node.
     *
     * @return the node
     */
    public KadNode node() {
        return node;
    }

    /**
     * Returns the store of other nodes' chunks.
     *
     * @return the store
     */
    public ChunkStore chunkStore() {
        return chunkStore;
    }

    /**
     * Joins the overlay.
     *
     * @param bootstrap members' addresses
     * @return completes when joined
     */
    public CompletableFuture<Void> join(final List<InetSocketAddress> bootstrap) {
        return node.join(bootstrap);
    }

    static NodeId manifestKey(final String anId) {
        return NodeId.keyOf(anId, "manifest");
    }

    static NodeId chunkKey(final String anId, final int segment, final long generation, final int index) {
        return NodeId.keyOf(anId, "segment-" + segment + "/generation-" + generation + "/chunk-" + index);
    }

    /**
     * Stores every segment that changed since the last store: new generations first, then the manifest, then the
     * old generations are deleted. Segments that fail stay marked as changed for the next attempt.
     *
     * @return completes with the number of segments stored
     */
    public CompletableFuture<Integer> storeChanges() {
        final var changed = memory.takeDirty();
        final var previous = new HashMap<>(versions);
        return storeNewGenerations(changed).thenCompose(stored -> {
            final var failed = (BitSet) changed.clone();
            stored.keySet().forEach(failed::clear);
            // Retried at the next store.
            memory.markDirty(failed);
            return publish(stored).thenCompose(published -> deleteReplaced(previous))
                .thenApply(deleted -> stored.size());
        });
    }

    /**
     * Stores new generations of segments, without publishing them: the first of the three steps of an update.
     *
     * @param segments the segments to store
     * @return the versions stored; a segment that failed is absent
     */
    CompletableFuture<Map<Integer, SegmentVersion>> storeNewGenerations(final BitSet segments) {
        final var pending = new ArrayList<Integer>();
        for (int segment = segments.nextSetBit(0); segment >= 0; segment = segments.nextSetBit(segment + 1)) {
            pending.add(segment);
        }
        // A few segments at a time, so that a large update does not flood the overlay.
        final var stored = new ConcurrentHashMap<Integer, SegmentVersion>();
        CompletableFuture<Void> chain = DONE;
        for (int from = 0; from < pending.size(); from += PARALLEL_SEGMENTS) {
            final var batch = pending.subList(from, Math.min(pending.size(), from + PARALLEL_SEGMENTS));
            chain = chain.thenCompose(ignored -> CompletableFuture.allOf(batch.stream()
                .map(segment -> storeSegment(segment).thenAccept(entry -> stored.put(entry.getKey(),
                    entry.getValue())).exceptionally(failure -> null))
                .toArray(CompletableFuture[]::new)));
        }
        return chain.thenApply(ignored -> Map.copyOf(stored));
    }

    /**
     * Makes stored generations current: the second step of an update, after which recovery returns them.
     *
     * @param stored the versions stored
     * @return completes when the manifest is stored
     */
    CompletableFuture<Void> publish(final Map<Integer, SegmentVersion> stored) {
        versions.putAll(stored);
        return publishManifest();
    }

    private CompletableFuture<Map.Entry<Integer, SegmentVersion>> storeSegment(final int segment) {
        final var bytes = SegmentCodec.encode(memory.segment(segment));
        final var current = versions.get(segment);
        // Never reuse a generation, not even one that a crash left stored but unpublished: its chunks may still be
        // held, under the same keys, by other nodes.
        final long generation = Math.max(current == null ? 1 : current.generation() + 1, System.currentTimeMillis());
        final var chunks = stripes.encode(anId, "segment-" + segment, generation,
            bytes);
        final Set<NodeId> used = ConcurrentHashMap.newKeySet();
        final var placed = new ArrayList<CompletableFuture<Void>>();
        for (var chunk : chunks) {
            placed.add(place(chunkKey(anId, segment, generation, chunk.header().index()), chunk, used));
        }
        return CompletableFuture.allOf(placed.toArray(CompletableFuture[]::new)).thenApply(ignored -> Map.entry(
            segment, new SegmentVersion(generation, ObjectDigest.of(bytes), coding, bytes.length)));
    }

    /** Stores a chunk on the node closest to its key that holds no other chunk of the stripe, when there is one. */
    private CompletableFuture<Void> place(final NodeId key, final Chunk chunk, final Set<NodeId> used) {
        return attemptPlacement(key, ChunkCodec.encode(chunk), used, PLACEMENT_ATTEMPTS);
    }

    private CompletableFuture<Void> attemptPlacement(final NodeId key, final byte[] value, final Set<NodeId> used,
            final int attempts) {
        return placeOnce(key, value, used).handle((placed, failure) -> failure == null || attempts <= 1
            ? (failure == null ? CompletableFuture.<Void>completedFuture(null)
                : CompletableFuture.<Void>failedFuture(failure))
            : attemptPlacement(key, value, used, attempts - 1)).thenCompose(next -> next);
    }

    private CompletableFuture<Void> placeOnce(final NodeId key, final byte[] value, final Set<NodeId> used) {
        return node.lookup(key).thenCompose(found -> {
            Contact holder = null;
            synchronized (used) {
                for (var contact : found.closest()) {
                    if (used.add(contact.id())) {
                        holder = contact;
                        break;
                    }
                }
                if (holder == null && !found.closest().isEmpty()) {
                    holder = found.closest().get(0);
                }
            }
            if (holder == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no node to hold " + key));
            }
            return node.storeAt(holder, key, value).thenCompose(outcome -> outcome.accepted()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException(outcome.reason())));
        });
    }

    private CompletableFuture<Void> publishManifest() {
        final Manifest manifest;
        synchronized (this) {
            manifestGeneration++;
            manifest = new Manifest(anId, manifestGeneration, versions);
        }
        return node.store(manifestKey(anId), manifest.toBytes()).thenApply(outcomes -> null);
    }

    private CompletableFuture<Void> deleteReplaced(final Map<Integer, SegmentVersion> previous) {
        final var deletions = new ArrayList<CompletableFuture<?>>();
        previous.forEach((segment, old) -> {
            final var now = versions.get(segment);
            if (now != null && now.generation() != old.generation()) {
                for (int index = 0; index < old.coding().totalChunks(); index++) {
                    deletions.add(node.delete(chunkKey(anId, segment, old.generation(), index)));
                }
            }
        });
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new));
    }

    /**
     * Restores the node's sessions from the overlay: fetches the manifest, then at least m chunks of every segment
     * (data chunks first, so that most segments need no decoding), decodes, verifies and restores them.
     *
     * @return the report; segments that could not be restored are named in it, with the counts found
     */
    public CompletableFuture<RecoveryReport> recover() {
        final long started = System.nanoTime();
        return node.findValue(manifestKey(anId)).thenCompose(found -> {
            if (found.value().isEmpty()) {
                return CompletableFuture.completedFuture(new RecoveryReport(0, 0,
                    Map.of(-1, "no manifest found for " + anId), Duration.ofNanos(System.nanoTime() - started)));
            }
            final Manifest manifest;
            try {
                manifest = Manifest.fromBytes(found.value().orElseThrow());
            } catch (SessionFormatException e) {
                return CompletableFuture.completedFuture(new RecoveryReport(0, 0,
                    Map.of(-1, "manifest unreadable: " + e.getMessage()), Duration.ofNanos(System.nanoTime()
                        - started)));
            }
            // A few segments at a time, each fetching its chunks in parallel.
            final var results = new HashMap<Integer, CompletableFuture<List<Session>>>();
            final var segmentList = new ArrayList<>(manifest.segments().entrySet());
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int from = 0; from < segmentList.size(); from += PARALLEL_SEGMENTS) {
                final var batch = segmentList.subList(from, Math.min(segmentList.size(), from + PARALLEL_SEGMENTS));
                chain = chain.thenCompose(ignored -> {
                    final var fetches = new ArrayList<CompletableFuture<List<Session>>>();
                    for (var entry : batch) {
                        final var fetch = fetchSegment(entry.getKey(), entry.getValue());
                        results.put(entry.getKey(), fetch);
                        fetches.add(fetch);
                    }
                    return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
                        .exceptionally(failure -> null);
                });
            }
            return chain.handle((i, f) -> {
                final var lost = new HashMap<Integer, String>();
                int sessions = 0;
                int segments = 0;
                for (var entry : results.entrySet()) {
                    final var future = entry.getValue();
                    if (future.isCompletedExceptionally()) {
                        var cause = future.exceptionNow();
                        while (cause instanceof CompletionException && cause.getCause() != null) {
                            cause = cause.getCause();
                        }
                        lost.put(entry.getKey(), cause.getMessage());
                        continue;
                    }
                    final var restored = future.join();
                    memory.restore(entry.getKey(), restored);
                    versions.put(entry.getKey(), manifest.segments().get(entry.getKey()));
                    sessions += restored.size();
                    segments++;
                }
                synchronized (this) {
                    manifestGeneration = Math.max(manifestGeneration, manifest.generation());
                }
                return new RecoveryReport(sessions, segments, lost, Duration.ofNanos(System.nanoTime() - started));
            });
        });
    }

    private CompletableFuture<List<Session>> fetchSegment(final int segment, final SegmentVersion version) {
        final int m = version.coding().dataChunks();
        final int n = version.coding().totalChunks();
        final var chunks = new ConcurrentHashMap<Integer, Chunk>();
        // Data chunks first; coding chunks only if some data chunk is missing; then the missing ones again, since
        // an answer lost under load is not a lost chunk.
        var fetched = fetchChunks(segment, version, 0, m, chunks)
            .thenCompose(ignored -> chunks.size() >= m ? DONE : fetchChunks(segment, version, m, n, chunks));
        for (int pass = 1; pass <= FETCH_RETRIES; pass++) {
            final var pause = CompletableFuture.delayedExecutor(RETRY_PAUSE_MILLIS * pass, TimeUnit.MILLISECONDS);
            fetched = fetched.thenCompose(ignored -> chunks.size() >= m ? DONE
                : CompletableFuture.runAsync(() -> { }, pause)
                    .thenCompose(paused -> fetchChunks(segment, version, 0, n, chunks)));
        }
        return fetched
            .thenApply(ignored -> {
                try {
                    return SegmentCodec.decode(StripeCodec.decode(chunks.values()));
                } catch (ErasureException | SessionFormatException e) {
                    throw new CompletionException(new IllegalStateException("segment "
                        + segment + ": " + e.getMessage(), e));
                }
            });
    }

    private CompletableFuture<Void> fetchChunks(final int segment, final SegmentVersion version, final int from,
            final int to, final Map<Integer, Chunk> into) {
        final var fetches = new ArrayList<CompletableFuture<Void>>();
        for (int index = from; index < to; index++) {
            final int chunkIndex = index;
            if (into.containsKey(index)) {
                continue;
            }
            fetches.add(node.findValue(chunkKey(anId, segment, version.generation(), index))
                .thenAccept(found -> found.value().ifPresent(bytes -> {
                    try {
                        final var chunk = ChunkCodec.decode(bytes);
                        if (chunk.header().index() == chunkIndex
                                && chunk.header().generation() == version.generation()) {
                            into.put(chunkIndex, chunk);
                        }
                    } catch (ChunkFormatException e) {
                        // A corrupt chunk is a missing chunk.
                    }
                }))
                .exceptionally(failure -> null));
        }
        return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new));
    }

    /**
     * Stops the agent abruptly, as a crash would.
     */
    @Override
    public void close() {
        node.close();
    }

    /**
     * Returns the segments whose chunks this agent stored, for diagnostics.
     *
     * @return segment number to version
     */
    public Map<Integer, SegmentVersion> versions() {
        return Map.copyOf(versions);
    }
}
