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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.psp.erasure.Chunk;
import org.psp.erasure.ChunkCodec;
import org.psp.erasure.ChunkFormatException;
import org.psp.erasure.ErasureException;
import org.psp.erasure.ObjectDigest;
import org.psp.erasure.StripeCodec;
import org.psp.kad.KadNode;
import org.psp.kad.LookupResult;
import org.psp.kad.NodeId;
import org.psp.kad.ValueStore;

/**
 * Reads an access node's copy from the overlay through one Kad node: the newest of its manifest's replicas, then at
 * least m chunks of every segment the manifest names (data chunks from the holders it names first, so that most
 * segments need no decoding), decoded and checked against the manifest's digest. An agent reads its own and other
 * nodes' copies with it; a controller's {@link OverlayClient} reads any node's. Stateless apart from its node.
 * Decoding, digests and session decoding run on the coding workers, never on the overlay's event loops.
 */
public final class OverlayReader {
    private static final int PARALLEL_FETCHES = 16;
    private static final int FETCH_RETRIES = 5;
    // A recovering node is often a freshly started, still cold JVM among busy ones: rather slow than lost.
    private static final long RETRY_PAUSE_MILLIS = 250;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final KadNode node;
    private final ValueStore local;
    private final Executor coder;

    /**
     * Creates a reader.
     *
     * @param node the Kad node it reads through
     * @param local what that node holds itself, which may include a replica of the manifest
     * @param coder the workers that decode segments, bounded
     */
    public OverlayReader(final KadNode node, final ValueStore local, final Executor coder) {
        this.node = requireNonNull(node);
        this.local = requireNonNull(local);
        this.coder = requireNonNull(coder);
    }

    /**
     * What a read found.
     *
     * @param manifest the manifest it read by, if any
     * @param overlayBehind whether the caller's own manifest was newer than every replica in the overlay
     * @param segments the sessions of every segment read, by segment
     * @param retrieval everything read, and the report
     */
    public record Read(Optional<Manifest> manifest, boolean overlayBehind, SortedMap<Integer, List<Session>> segments,
            Retrieval retrieval) {
        /**
         * Checks and copies the components.
         */
        public Read {
            requireNonNull(manifest);
            segments = new TreeMap<>(segments);
            requireNonNull(retrieval);
        }
    }

    /**
     * Reads another access node's copy.
     *
     * @param owner the access node
     * @return the sessions read and the report
     */
    public CompletableFuture<Retrieval> read(final String owner) {
        return read(owner, Optional.empty()).thenApply(Read::retrieval);
    }

    /**
     * Reads an access node's copy; the owner itself passes the manifest it last stored, which is read by when the
     * overlay holds only older ones (holders that missed or lost its newest publish).
     *
     * @param owner the access node
     * @param known the owner's own current manifest, if the owner reads
     * @return what was read
     */
    CompletableFuture<Read> read(final String owner, final Optional<Manifest> known) {
        final long started = node.clock().nanoTime();
        return manifestReplicas(owner).thenCompose(replicas -> {
            final var unreadableReason = new String[1];
            Manifest newest = newestOf(owner, replicas, reason -> unreadableReason[0] = reason).orElse(null);
            final String unreadable = unreadableReason[0];
            final boolean behind = known.isPresent()
                && (newest == null || known.orElseThrow().generation() > newest.generation());
            if (behind) {
                newest = known.orElseThrow();
            }
            if (replicas.isEmpty() && newest == null) {
                return CompletableFuture.completedFuture(nothing(RecoveryReport.Outcome.NOTHING_STORED, Map.of(),
                    started));
            }
            if (newest == null) {
                return CompletableFuture.completedFuture(nothing(RecoveryReport.Outcome.MANIFEST_UNREADABLE,
                    Map.of(-1, unreadable), started));
            }
            final var manifest = newest;
            return fetchSegments(owner, manifest).thenApply(results -> collect(manifest, behind, results, started));
        });
    }

    /**
     * Reads the newest manifest of an access node that the nodes closest to its key hold.
     *
     * @param owner the access node
     * @return the manifest, or empty if none is held or readable
     */
    CompletableFuture<Optional<Manifest>> newestManifest(final String owner) {
        return manifestReplicas(owner).thenApply(replicas -> newestOf(owner, replicas, reason -> { }));
    }

    /** Replicas of older generations may linger on nodes that missed a later publish: takes the newest. */
    private static Optional<Manifest> newestOf(final String owner, final List<byte[]> replicas,
            final Consumer<String> unreadable) {
        Manifest newest = null;
        for (var bytes : replicas) {
            try {
                final var manifest = Manifest.fromBytes(bytes);
                if (!manifest.anId().equals(owner)) {
                    unreadable.accept("the manifest under " + owner + "'s key is " + manifest.anId() + "'s");
                } else if (newest == null || manifest.generation() > newest.generation()) {
                    newest = manifest;
                }
            } catch (SessionFormatException e) {
                unreadable.accept(e.getMessage());
            }
        }
        return Optional.ofNullable(newest);
    }

    private Read nothing(final RecoveryReport.Outcome outcome, final Map<Integer, String> lost,
            final long started) {
        return new Read(Optional.empty(), false, new TreeMap<>(), new Retrieval(List.of(),
            report(outcome, 0, 0, lost, started), new TreeMap<>()));
    }

    /** Asks every node that should hold an owner's manifest, and this node, for their copy. */
    private CompletableFuture<List<byte[]>> manifestReplicas(final String owner) {
        final var key = AccessNodeAgent.manifestKey(owner);
        return node.lookup(key).thenCompose(found -> {
            final var asked = found.closest().stream().map(holder -> node.findValueAt(holder, key)).toList();
            return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                final var replicas = new ArrayList<byte[]>();
                local.get(key).ifPresent(replicas::add);
                asked.forEach(answer -> answer.join().ifPresent(replicas::add));
                return replicas;
            });
        });
    }

    /** Fetches the segments a manifest names, a batch at a time; each future fails with why its segment is lost. */
    private CompletableFuture<SortedMap<Integer, CompletableFuture<List<Session>>>> fetchSegments(final String owner,
            final Manifest manifest) {
        final var holders = new HolderDirectory(node);
        final var results = new TreeMap<Integer, CompletableFuture<List<Session>>>();
        final var segmentList = new ArrayList<>(manifest.segments().entrySet());
        CompletableFuture<Void> chain = DONE;
        for (int from = 0; from < segmentList.size(); from += PARALLEL_FETCHES) {
            final var batch = segmentList.subList(from, Math.min(segmentList.size(), from + PARALLEL_FETCHES));
            chain = chain.thenCompose(ignored -> {
                final var fetches = new ArrayList<CompletableFuture<?>>();
                for (var entry : batch) {
                    final var fetch = fetchSegment(owner, entry.getKey(), entry.getValue(), holders);
                    synchronized (results) {
                        results.put(entry.getKey(), fetch);
                    }
                    fetches.add(fetch.handle((sessions, failure) -> null));
                }
                return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new));
            });
        }
        return chain.thenApply(ignored -> {
            synchronized (results) {
                return new TreeMap<>(results);
            }
        });
    }

    private Read collect(final Manifest manifest, final boolean behind,
            final SortedMap<Integer, CompletableFuture<List<Session>>> results, final long started) {
        final var lost = new HashMap<Integer, String>();
        final var segments = new TreeMap<Integer, List<Session>>();
        final var sessions = new ArrayList<Session>();
        results.forEach((segment, future) -> {
            if (future.isCompletedExceptionally()) {
                lost.put(segment, AccessNodeAgent.rootMessage(future.exceptionNow()));
            } else {
                segments.put(segment, future.join());
                sessions.addAll(future.join());
            }
        });
        final var read = new TreeMap<Integer, SegmentVersion>();
        segments.keySet().forEach(segment -> read.put(segment, manifest.segments().get(segment)));
        return new Read(Optional.of(manifest), behind, segments, new Retrieval(sessions, report(lost.isEmpty()
            ? RecoveryReport.Outcome.COMPLETE : RecoveryReport.Outcome.PARTIAL, sessions.size(), segments.size(),
            lost, started), read));
    }

    private RecoveryReport report(final RecoveryReport.Outcome outcome, final int sessions,
            final int segments, final Map<Integer, String> lost, final long started) {
        return new RecoveryReport(outcome, sessions, segments, lost, node.clock().instant(),
            Duration.ofNanos(node.clock().nanoTime() - started));
    }

    private CompletableFuture<List<Session>> fetchSegment(final String owner, final int segment,
            final SegmentVersion version, final HolderDirectory holders) {
        return StripeFetch.fetch(version.coding(), FETCH_RETRIES, RETRY_PAUSE_MILLIS,
                (index, pass) -> fetchChunk(owner, segment, version, index, pass, holders), node.scheduler())
            .thenApplyAsync(chunks -> {
                try {
                    return SegmentCodec.decode(decoded(segment, version, chunks));
                } catch (SessionFormatException e) {
                    throw new CompletionException(new IllegalStateException("segment " + segment + ": "
                        + e.getMessage(), e));
                }
            }, coder);
    }

    /**
     * Reads a segment's bytes from m of its chunks, asking the holders of the chunks given first, and the others only
     * if those do not give m: for a coordinator that knows which holders reported lately.
     *
     * @param owner the access node
     * @param segment its segment
     * @param version the segment's version
     * @param live the chunks whose holders reported lately
     * @param holders where the holders are
     * @return the segment's bytes, checked against the version's digest; fails if fewer than m chunks came
     */
    CompletableFuture<byte[]> fetchFromLive(final String owner, final int segment, final SegmentVersion version,
            final BitSet live, final HolderDirectory holders) {
        return StripeFetch.fetch(version.coding(), 1, RETRY_PAUSE_MILLIS,
                (index, pass) -> live.get(index) || pass > 0 ? fetchChunk(owner, segment, version, index, pass,
                    holders) : CompletableFuture.completedFuture(Optional.empty()), node.scheduler())
            .thenApplyAsync(chunks -> decoded(segment, version, chunks), coder);
    }

    private static byte[] decoded(final int segment, final SegmentVersion version, final Collection<Chunk> chunks) {
        try {
            final var bytes = StripeCodec.decode(chunks);
            if (!ObjectDigest.of(bytes).equals(version.digest())) {
                throw new IllegalStateException("segment " + segment + ": content differs from the manifest");
            }
            return bytes;
        } catch (ErasureException e) {
            throw new CompletionException(new IllegalStateException("segment " + segment + ": " + e.getMessage(),
                e));
        }
    }

    /**
     * Fetches one chunk from the holder the manifest names; on retry passes, also by a lookup of its key, in case
     * it is held elsewhere.
     */
    private CompletableFuture<Optional<Chunk>> fetchChunk(final String owner, final int segment,
            final SegmentVersion version, final int index, final int pass, final HolderDirectory holders) {
        final NodeId key = AccessNodeAgent.chunkKey(owner, segment, version.generation(), index);
        if (version.holders().get(index).equals(node.id())) {
            return CompletableFuture.completedFuture(local.get(key)
                .flatMap(bytes -> parseChunk(bytes, index, version.generation())));
        }
        return holders.resolve(version.holders().get(index))
            .thenCompose(holder -> holder.map(contact -> node.findValueAt(contact, key))
                .orElse(CompletableFuture.completedFuture(Optional.empty())))
            .thenCompose(value -> value.isPresent() || pass == 0 ? CompletableFuture.completedFuture(value)
                : node.findValue(key).thenApply(LookupResult::value))
            .thenApply(value -> value.flatMap(bytes -> parseChunk(bytes, index, version.generation())))
            .exceptionally(failure -> Optional.empty());
    }

    private static Optional<Chunk> parseChunk(final byte[] bytes, final int index, final long generation) {
        try {
            final var chunk = ChunkCodec.decode(bytes);
            return chunk.header().index() == index && chunk.header().generation() == generation ? Optional.of(chunk)
                : Optional.empty();
        } catch (ChunkFormatException e) {
            // A corrupt chunk is a missing chunk.
            return Optional.empty();
        }
    }
}
