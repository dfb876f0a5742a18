/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

class FollowedManifestTest {
    private static List<NodeId> holders(final int from, final int count) {
        return IntStream.range(from, from + count).mapToObj(i -> NodeId.ofAccessNode("holder-" + i)).toList();
    }

    private static SegmentVersion version(final long generation, final List<NodeId> holders) {
        return new SegmentVersion(generation, ObjectDigest.of(new byte[] {(byte) generation}),
            new CodingParameters(holders.size() - holders.size() / 3, holders.size() / 3), 1_000, holders);
    }

    @Test
    void keepsTheGenerationsAndTheLowestHoldersOfAllSegments() {
        // Segments share some holders; the lowest ids are sought across all of them, each once.
        final var manifest = new Manifest("olt-7", 12, Map.of(
            7, version(40, holders(0, 6)),
            2, version(33, holders(4, 6)),
            5, version(35, holders(20, 6))));
        final var kept = FollowedManifest.of(manifest, 7, NodeId.ofAccessNode("not-a-holder"));

        assertEquals(12, kept.generation());
        assertEquals(OptionalLong.of(33), kept.segmentGeneration(2));
        assertEquals(OptionalLong.of(35), kept.segmentGeneration(5));
        assertEquals(OptionalLong.of(40), kept.segmentGeneration(7));
        assertEquals(OptionalLong.empty(), kept.segmentGeneration(3));
        assertEquals(OptionalLong.empty(), kept.segmentGeneration(8));

        final var all = new ArrayList<NodeId>();
        manifest.segments().values().forEach(segment -> segment.holders().stream().filter(id -> !all.contains(id))
            .forEach(all::add));
        all.sort(NodeId::compareUnsigned);
        assertEquals(16, all.size());
        assertEquals(all.subList(0, 7), kept.lowestHolders());
        assertEquals(Optional.empty(), kept.whole(), "kept whole by the candidates only");
        assertEquals(Optional.of(manifest), FollowedManifest.of(manifest, 7, all.get(6)).whole());
        assertEquals(Optional.empty(), FollowedManifest.of(manifest, 7, all.get(7)).whole());
    }

    @Test
    void aSmallListIsKeptWhole() {
        final var kept = FollowedManifest.of(new Manifest("olt-7", 3, Map.of(0, version(1, holders(0, 3)))), 7,
            NodeId.ofAccessNode("holder-1"));
        assertTrue(kept.whole().isPresent());
        assertEquals(3, kept.lowestHolders().size());
        assertEquals(3, FollowedManifest.generationOf(Optional.of(kept)));
        assertEquals(0, FollowedManifest.generationOf(Optional.empty()));
    }
}
