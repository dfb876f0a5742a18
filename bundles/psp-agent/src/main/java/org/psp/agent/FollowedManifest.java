/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.psp.kad.NodeId;

/**
 * What a holder keeps of the manifest of an owner whose chunks it holds: the manifest's generation, each segment's
 * current generation (to tell whether a chunk it holds is current, for the delayed extension) and the holders with
 * the lowest node ids (the candidates of an election). Only a candidate can be elected and needs the whole holder
 * list, so only the candidates keep it; a holder follows hundreds of owners, and their lists of hundreds of node ids
 * each would otherwise be most of its memory.
 */
final class FollowedManifest {
    private final long generation;
    private final int[] segments;
    private final long[] segmentGenerations;
    private final List<NodeId> lowestHolders;
    private final Optional<Manifest> whole;

    private FollowedManifest(final long generation, final int[] segments, final long[] segmentGenerations,
            final List<NodeId> lowestHolders, final Optional<Manifest> whole) {
        this.generation = generation;
        this.segments = segments;
        this.segmentGenerations = segmentGenerations;
        this.lowestHolders = lowestHolders;
        this.whole = whole;
    }

    /**
     * Keeps what a holder needs of a manifest.
     *
     * @param manifest the manifest
     * @param candidates how many of the holders with the lowest node ids to keep
     * @param self the holder that keeps it: the whole manifest is kept if it is one of those candidates
     * @return what is kept
     */
    static FollowedManifest of(final Manifest manifest, final int candidates, final NodeId self) {
        final var versions = manifest.segments();
        final int[] numbers = new int[versions.size()];
        final long[] generations = new long[versions.size()];
        int next = 0;
        // The manifest's segments are in key order, so the numbers are sorted for the binary search.
        for (var entry : versions.entrySet()) {
            numbers[next] = entry.getKey();
            generations[next] = entry.getValue().generation();
            next++;
        }
        final var lowest = lowest(versions.values(), candidates);
        return new FollowedManifest(manifest.generation(), numbers, generations, lowest,
            lowest.contains(self) ? Optional.of(manifest) : Optional.empty());
    }

    /**
     * The lowest distinct holder ids, lowest first: one pass that keeps the few lowest seen, for a holder takes up a
     * new list at every repair of the owner's data.
     */
    private static List<NodeId> lowest(final Collection<SegmentVersion> versions, final int count) {
        final Comparator<NodeId> order = NodeId::compareUnsigned;
        final var lowest = new ArrayList<NodeId>(count + 1);
        for (var version : versions) {
            for (var holder : version.holders()) {
                if (lowest.size() == count && order.compare(holder, lowest.getLast()) >= 0) {
                    continue;
                }
                final int at = Collections.binarySearch(lowest, holder, order);
                if (at < 0) {
                    lowest.add(-at - 1, holder);
                    if (lowest.size() > count) {
                        lowest.removeLast();
                    }
                }
            }
        }
        return List.copyOf(lowest);
    }

    /**
     * Returns the manifest's own version.
     *
     * @return the generation
     */
    long generation() {
        return generation;
    }

    /**
     * Returns the current generation of a segment.
     *
     * @param segment the segment
     * @return its generation, or empty if the manifest does not list it
     */
    OptionalLong segmentGeneration(final int segment) {
        final int at = Arrays.binarySearch(segments, segment);
        return at < 0 ? OptionalLong.empty() : OptionalLong.of(segmentGenerations[at]);
    }

    /**
     * Returns the holders with the lowest node ids, lowest first.
     *
     * @return at most as many as were asked for when it was kept
     */
    List<NodeId> lowestHolders() {
        return lowestHolders;
    }

    /**
     * Returns the whole manifest, kept by the holders that may be elected.
     *
     * @return the manifest, or empty if this holder is not one of the candidates
     */
    Optional<Manifest> whole() {
        return whole;
    }

    /**
     * Returns the generation of a kept manifest, or 0 if none is.
     *
     * @param kept what is kept, if anything
     * @return the generation
     */
    static long generationOf(final Optional<FollowedManifest> kept) {
        return kept.map(FollowedManifest::generation).orElse(0L);
    }
}
