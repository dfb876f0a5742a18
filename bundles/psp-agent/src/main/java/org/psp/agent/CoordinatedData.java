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
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.psp.kad.NodeId;

/**
 * What a coordinator knows of one owner's data: the holder list, the owner's storing deadline, and what each holder
 * reported last, from which it tells each stripe's live chunks. Not thread-safe: its coordinator's scheduler owns it.
 */
final class CoordinatedData {
    /** A chunk, without its deadline. */
    private record ChunkRef(int segment, long generation, int index) {
    }

    /** What a holder reported last. */
    private record Report(long atNanos, Set<ChunkRef> chunks) {
    }

    /** A segment's version as last counted, and since when each of its chunks is on its holder. */
    private record Placed(SegmentVersion version, long[] sinceNanos) {
    }

    private final long sinceNanos;
    private final Map<NodeId, Report> reports = new HashMap<>();
    private final Map<Integer, Placed> placed = new HashMap<>();
    private final Set<Integer> repairing = new HashSet<>();
    /** When each stripe was last stored again to spread it. */
    private final Map<Integer, Long> rebalanced = new HashMap<>();
    /** When each stripe's count was last checked with its holders. */
    private final Map<Integer, Long> verified = new HashMap<>();
    private final Map<Integer, SegmentVersion> repaired = new HashMap<>();
    /** The stripes at m live chunks when last counted, by segment, with their generation. */
    private final Map<Integer, Long> atRisk = new HashMap<>();
    /** Every node any holder list named since this node took the role: where another coordinator may be found. */
    private final Set<NodeId> everListed = new HashSet<>();
    private Optional<Manifest> manifest;
    private Instant expiresAt;
    private int probeCursor;
    private boolean polled;

    /**
     * Starts coordinating.
     *
     * @param sinceNanos now
     * @param manifest the holder list, if known
     * @param expiresAt the owner's storing deadline as far as known
     */
    CoordinatedData(final long sinceNanos, final Optional<Manifest> manifest, final Instant expiresAt) {
        this.sinceNanos = sinceNanos;
        this.expiresAt = requireNonNull(expiresAt);
        manifest(manifest);
        // What the list names when the role is taken was placed before: it gets no grace, its holders have the
        // time to report before the first count.
        manifest.ifPresent(list -> list.segments().forEach((segment, version) -> {
            final var since = new long[version.holders().size()];
            Arrays.fill(since, Long.MIN_VALUE / 4);
            placed.put(segment, new Placed(version, since));
        }));
    }

    long sinceNanos() {
        return sinceNanos;
    }

    /** Notes that every listed holder was asked what it holds: the stripes can be counted before anyone reports. */
    void polled() {
        polled = true;
    }

    /**
     * Tells whether the stripes can be counted: every listed holder was asked, or has had the time to report.
     *
     * @param now the time now
     * @param window how long holders have to report
     * @return true if counts are meaningful
     */
    boolean counted(final long now, final long window) {
        return polled || now - sinceNanos >= window;
    }

    Optional<Manifest> manifest() {
        return manifest;
    }

    void manifest(final Optional<Manifest> newManifest) {
        manifest = requireNonNull(newManifest);
        newManifest.ifPresent(list -> list.segments().values().forEach(version -> everListed.addAll(
            version.holders())));
    }

    Instant expiresAt() {
        return expiresAt;
    }

    /** Moves the storing deadline later, never earlier. */
    void extendTo(final Instant deadline) {
        if (deadline.isAfter(expiresAt)) {
            expiresAt = deadline;
        }
    }

    /** Sets the storing deadline, as the owner itself tells it. */
    void deadlineSetByOwner(final Instant deadline) {
        expiresAt = requireNonNull(deadline);
    }

    /** Records what a holder reports to hold now. */
    void report(final NodeId holder, final List<CoordinationMessage.HeldChunk> chunks, final long now) {
        final var refs = new HashSet<ChunkRef>();
        chunks.forEach(chunk -> refs.add(new ChunkRef(chunk.segment(), chunk.generation(), chunk.index())));
        reports.put(holder, new Report(now, refs));
    }

    /** Forgets what a holder reported: it did not answer when asked. */
    void silent(final NodeId holder) {
        reports.remove(holder);
    }

    /** Tells whether a holder reported within a window. */
    boolean reporting(final NodeId holder, final long now, final long window) {
        final var report = reports.get(holder);
        return report != null && now - report.atNanos() <= window;
    }

    /** Counts the holders that reported within a window. */
    int reporting(final long now, final long window) {
        return (int) reports.values().stream().filter(report -> now - report.atNanos() <= window).count();
    }

    /** Drops the reports older than a window. */
    void forgetSilent(final long now, final long window) {
        reports.values().removeIf(report -> now - report.atNanos() > window);
    }

    /**
     * Returns the chunks of a stripe that count as live: reported within the window, placed less than the window
     * ago while this node coordinates, or held by the coordinator itself.
     *
     * @param segment the segment
     * @param version its version
     * @param now the time now
     * @param window how recent a report must be
     * @param heldHere whether the coordinator holds a chunk, by index
     * @return the live chunks' indexes
     */
    BitSet live(final int segment, final SegmentVersion version, final long now, final long window,
            final IntPredicate heldHere) {
        final int total = version.holders().size();
        final var previous = placed.get(segment);
        var current = previous;
        if (previous == null || !previous.version().equals(version)) {
            // A chunk keeps its placement time while its holder stays; a new generation or holder starts afresh.
            final var since = new long[total];
            for (int index = 0; index < total; index++) {
                final boolean same = previous != null && previous.version().generation() == version.generation()
                    && index < previous.version().holders().size()
                    && previous.version().holders().get(index).equals(version.holders().get(index));
                since[index] = same ? previous.sinceNanos()[index] : now;
            }
            current = new Placed(version, since);
            placed.put(segment, current);
        }
        final var live = new BitSet();
        for (int index = 0; index < total; index++) {
            final var report = reports.get(version.holders().get(index));
            if (now - current.sinceNanos()[index] < window
                    || report != null && now - report.atNanos() <= window
                        && report.chunks().contains(new ChunkRef(segment, version.generation(), index))
                    || heldHere.test(index)) {
                live.set(index);
            }
        }
        return live;
    }

    /**
     * Notes whether a stripe is at m live chunks; tells whether it just came to be.
     *
     * @param segment the segment
     * @param generation its generation
     * @param now whether it is at m now
     * @return true if it is at m now and was not when last counted
     */
    boolean newlyAtRisk(final int segment, final long generation, final boolean now) {
        if (!now) {
            atRisk.remove(segment);
            return false;
        }
        final var before = atRisk.put(segment, generation);
        return before == null || before != generation;
    }

    /**
     * Notes a request to store a stripe again to spread it, unless one was made lately.
     *
     * @param segment the segment
     * @param now the time now
     * @param spacing how long between two requests for the same stripe
     * @return true if the request may be made now
     */
    boolean mayRebalance(final int segment, final long now, final long spacing) {
        return spaced(rebalanced, segment, now, spacing);
    }

    /**
     * Notes a check of a stripe's count with its holders, unless one was made lately.
     *
     * @param segment the segment
     * @param now the time now
     * @param spacing how long between two checks of the same stripe
     * @return true if the check may be made now
     */
    boolean mayVerify(final int segment, final long now, final long spacing) {
        return spaced(verified, segment, now, spacing);
    }

    private static boolean spaced(final Map<Integer, Long> lastTimes, final int segment, final long now,
            final long spacing) {
        final var last = lastTimes.get(segment);
        if (last != null && now - last < spacing) {
            return false;
        }
        lastTimes.put(segment, now);
        return true;
    }

    /** Marks a stripe as being repaired; false if it already is. */
    boolean startRepair(final int segment) {
        return repairing.add(segment);
    }

    void endRepair(final int segment) {
        repairing.remove(segment);
    }

    /** Keeps a repaired version until the holder list is published. */
    void repaired(final int segment, final SegmentVersion version) {
        repaired.put(segment, version);
    }

    /**
     * Applies the repaired versions not published yet to a holder list, for the versions it still names, and forgets
     * them.
     *
     * @param base the holder list to apply them to
     * @return the list with the repairs, a generation higher, or empty if none applied
     */
    Optional<Manifest> applyRepairs(final Manifest base) {
        final var segments = new TreeMap<>(base.segments());
        boolean changed = false;
        for (var entry : repaired.entrySet()) {
            final var current = segments.get(entry.getKey());
            if (current != null && current.generation() == entry.getValue().generation()
                    && current.digest().equals(entry.getValue().digest())
                    && !current.holders().equals(entry.getValue().holders())) {
                segments.put(entry.getKey(), entry.getValue());
                changed = true;
            }
        }
        repaired.clear();
        return changed ? Optional.of(new Manifest(base.anId(), base.generation() + 1, segments)) : Optional.empty();
    }

    /**
     * Picks the holders to ask about other coordinators this interval: a few of those that any holder list named
     * since this node took the role and that do not report to it (gone, or following another coordinator, as after
     * a partition, when each side's list names its own side only), a different few each time.
     *
     * @param self the coordinator's own id
     * @param now the time now
     * @param window how recent a report must be
     * @param count how many
     * @return the holders to ask
     */
    List<NodeId> nextSilentHolders(final NodeId self, final long now, final long window, final int count) {
        final var silent = everListed.stream().filter(holder -> !holder.equals(self) && !reporting(holder, now,
            window)).sorted(NodeId::compareUnsigned).toList();
        final var picked = new ArrayList<NodeId>();
        for (int i = 0; i < Math.min(count, silent.size()); i++) {
            picked.add(silent.get((probeCursor + i) % silent.size()));
        }
        probeCursor += count;
        return picked;
    }
}
