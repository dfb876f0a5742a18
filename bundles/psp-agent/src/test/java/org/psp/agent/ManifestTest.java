/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

class ManifestTest {
    private static List<NodeId> holders(final int count) {
        return IntStream.range(0, count).mapToObj(i -> NodeId.ofAccessNode("holder-" + i)).toList();
    }

    @Test
    void roundTrips() throws SessionFormatException {
        final var manifest = new Manifest("olt-7", 12, Map.of(
            3, new SegmentVersion(5, ObjectDigest.of(new byte[] {1}), new CodingParameters(16, 16), 40_000,
                holders(32)),
            0, new SegmentVersion(1, ObjectDigest.of(new byte[0]), new CodingParameters(4, 2), 0,
                holders(6))));
        final var bytes = manifest.toBytes();
        final var decoded = Manifest.fromBytes(bytes);
        assertEquals(manifest, decoded);
        assertEquals(manifest.hashCode(), decoded.hashCode());
        assertEquals(List.of(0, 3), List.copyOf(decoded.segments().keySet()));
        bytes[0] = 99;
        assertEquals(manifest, Manifest.fromBytes(manifest.toBytes()), "every caller gets bytes of its own");
    }

    @Test
    void damagedManifestsGiveClearErrors() {
        final var bytes = new Manifest("olt-7", 1, Map.of(0, new SegmentVersion(1, ObjectDigest.of(new byte[0]),
            new CodingParameters(4, 2), 0, holders(6)))).toBytes();
        final var hugeCount = bytes.clone();
        // version, AN id length and "olt-7", generation, 6 holders: the segment count follows at 18 + 96.
        hugeCount[18 + 96] = 0x7F;
        assertEquals("impossible segment count 2130706433", assertThrows(SessionFormatException.class,
            () -> Manifest.fromBytes(hugeCount)).getMessage());
        assertEquals("truncated manifest", assertThrows(SessionFormatException.class,
            () -> Manifest.fromBytes(Arrays.copyOf(bytes, bytes.length - 1))).getMessage());
        assertEquals("truncated manifest", assertThrows(SessionFormatException.class,
            () -> Manifest.fromBytes(Arrays.copyOf(bytes, 5))).getMessage());
        final var noData = bytes.clone();
        final int codingAt = bytes.length - 6 * 2 - 12;
        noData[codingAt] = 0;
        noData[codingAt + 1] = 0;
        assertEquals("invalid manifest: data-chunks must be at least 1, was 0", assertThrows(
            SessionFormatException.class, () -> Manifest.fromBytes(noData)).getMessage());
        final var strayHolder = bytes.clone();
        strayHolder[bytes.length - 1] = 6;
        assertEquals("segment 0 names holder 6 of 6", assertThrows(SessionFormatException.class,
            () -> Manifest.fromBytes(strayHolder)).getMessage());
    }
}
