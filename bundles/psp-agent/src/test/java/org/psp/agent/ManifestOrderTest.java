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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

class ManifestOrderTest {
    private final ManifestOrder order = new ManifestOrder();

    private static byte[] manifest(final String owner, final long generation) {
        return new Manifest(owner, generation, Map.of(0, new SegmentVersion(1, ObjectDigest.of(new byte[0]),
            new CodingParameters(1, 1), 0, List.of(NodeId.ofAccessNode("a"), NodeId.ofAccessNode("b")))))
            .toBytes();
    }

    @Test
    void anOlderHolderListDoesNotReplaceANewerOne() {
        final var key = AccessNodeAgent.manifestKey("olt-7");
        assertEquals(Optional.of(ManifestOrder.OLDER + ": generation 4, held 5"),
            order.refusal(key, manifest("olt-7", 5), manifest("olt-7", 4)));
        assertTrue(order.refusal(key, manifest("olt-7", 5), manifest("olt-7", 5)).isEmpty(), "a refresh");
        assertTrue(order.refusal(key, manifest("olt-7", 5), manifest("olt-7", 6)).isEmpty());
    }

    @Test
    void otherValuesAreReplacedAsBefore() {
        // Not under the owner's manifest key: a chunk that happens to look like a manifest.
        assertTrue(order.refusal(AccessNodeAgent.chunkKey("olt-7", 0, 1, 0), manifest("olt-7", 5),
            manifest("olt-7", 4)).isEmpty());
        final var key = AccessNodeAgent.manifestKey("olt-7");
        assertTrue(order.refusal(key, new byte[] {9, 9}, manifest("olt-7", 4)).isEmpty(), "not a manifest held");
        assertTrue(order.refusal(key, manifest("olt-7", 5), new byte[] {1, 0}).isEmpty(), "not a manifest offered");
        assertTrue(order.refusal(key, manifest("olt-7", 5), manifest("olt-8", 1)).isEmpty(), "another owner's");
    }
}
