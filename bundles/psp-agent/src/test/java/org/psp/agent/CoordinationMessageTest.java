/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

class CoordinationMessageTest {
    private static final Manifest MANIFEST = new Manifest("olt-1", 7, Map.of(3, new SegmentVersion(42,
        ObjectDigest.of(new byte[] {1, 2, 3}), new CodingParameters(2, 1), 3,
        List.of(new NodeId(1, 2), new NodeId(3, 4), new NodeId(5, 6)))));

    @Test
    void everyMessageRoundTrips() {
        final List<CoordinationMessage> messages = List.of(
            new CoordinationMessage.Heartbeat("olt-1", 4000, 4001, true, 7,
                List.of(new CoordinationMessage.HeldChunk(3, 42, 1, 1_700_000_000_000L))),
            new CoordinationMessage.HandOver("olt-1", MANIFEST, 1_700_000_000_000L),
            new CoordinationMessage.Poll("olt-1"),
            new CoordinationMessage.Coordinator(new NodeId(9, 10), true, 5, Optional.of(MANIFEST)),
            new CoordinationMessage.Coordinator(new NodeId(9, 10), false, 0, Optional.empty()),
            new CoordinationMessage.Refused("no"));
        for (var message : messages) {
            final var bytes = message.toBytes();
            assertTrue(CoordinationMessage.isCoordination(bytes));
            assertEquals(message.toString(), CoordinationMessage.fromBytes(bytes).toString());
        }
    }

    @Test
    void agentCommandsAreNotCoordinationMessages() {
        assertFalse(CoordinationMessage.isCoordination(new AgentCommand.Status().toBytes()));
        assertFalse(CoordinationMessage.isCoordination(new byte[0]));
    }

    @Test
    void damagedMessagesAreRefusedWithAReason() {
        final var heartbeat = new CoordinationMessage.Heartbeat("olt-1", 4000, 4001, false, 0,
            List.of(new CoordinationMessage.HeldChunk(0, 1, 2, 3))).toBytes();
        final var truncated = assertThrows(IllegalArgumentException.class,
            () -> CoordinationMessage.fromBytes(Arrays.copyOf(heartbeat, heartbeat.length - 3)));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        final var stray = assertThrows(IllegalArgumentException.class,
            () -> CoordinationMessage.fromBytes(Arrays.copyOf(heartbeat, heartbeat.length + 1)));
        assertTrue(stray.getMessage().contains("stray"), stray.getMessage());

        final var negativeSegment = heartbeat.clone();
        // The chunk's segment starts after tag, owner (2 + 5), ports (4), elect (1), generation (8), count (2).
        negativeSegment[1 + 7 + 4 + 1 + 8 + 2] = (byte) 0x80;
        assertThrows(IllegalArgumentException.class, () -> CoordinationMessage.fromBytes(negativeSegment));

        final var handOver = new CoordinationMessage.HandOver("olt-1", MANIFEST, 1).toBytes();
        // A manifest longer than the message.
        handOver[1 + 7] = 0x7f;
        assertThrows(IllegalArgumentException.class, () -> CoordinationMessage.fromBytes(handOver));
        assertThrows(IllegalArgumentException.class, () -> new CoordinationMessage.HandOver("olt-2", MANIFEST, 1));
        assertThrows(IllegalArgumentException.class, () -> new CoordinationMessage.Poll(""));
        assertThrows(IllegalArgumentException.class, () -> new CoordinationMessage.Heartbeat("", 1, 1, false, 0,
            List.of()));
        assertThrows(IllegalArgumentException.class, () -> new CoordinationMessage.Heartbeat("a", 0, 1, false, 0,
            List.of()));
    }
}
