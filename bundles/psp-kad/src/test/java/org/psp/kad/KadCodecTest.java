/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadCodecTest {
    private final KadCodec codec = new KadCodec(KadTestNetwork.OVERLAY_KEY);
    private final NodeId sender = NodeId.ofAccessNode("dslam-3");

    @Test
    void roundTripsEveryKindOfMessage() throws KadCodecException {
        final var key = NodeId.keyOf("dslam-3", "segment-1/chunk-4");
        final var contacts = List.of(
            new Contact(NodeId.ofAccessNode("a"), new InetSocketAddress("127.0.0.1", 4001), 5001),
            new Contact(NodeId.ofAccessNode("b"), new InetSocketAddress("::1", 4002), 0));
        for (var body : List.<KadMessage.Body>of(new KadMessage.Ping(), new KadMessage.Pong(),
                new KadMessage.FindNode(key), new KadMessage.Nodes(contacts), new KadMessage.FindValue(key),
                new KadMessage.Store(key, new byte[] {1, 2, 3}, 600), new KadMessage.StoreResult(false, "store full"),
                new KadMessage.Delete(key), new KadMessage.Ack(true), new KadMessage.Extend(key, 3600),
                new KadMessage.Undelete(key), new KadMessage.Command("store an-1".getBytes()),
                new KadMessage.CommandResult(new byte[] {0, 7}))) {
            final var message = new KadMessage(42, sender, 5000, 1_700_000_000_000L, body);
            final var decoded = codec.decode(codec.encode(message, ByteBufAllocator.DEFAULT));
            assertEquals(message.requestId(), decoded.requestId());
            assertEquals(message.sender(), decoded.sender());
            assertEquals(message.tcpPort(), decoded.tcpPort());
            assertEquals(message.timestampMillis(), decoded.timestampMillis());
            if (body instanceof KadMessage.Store store) {
                assertArrayEquals(store.value(), ((KadMessage.Store) decoded.body()).value());
            } else if (body instanceof KadMessage.Command command) {
                assertArrayEquals(command.request(), ((KadMessage.Command) decoded.body()).request());
            } else if (body instanceof KadMessage.CommandResult result) {
                assertArrayEquals(result.response(), ((KadMessage.CommandResult) decoded.body()).response());
            } else {
                assertEquals(body, decoded.body());
            }
        }
    }

    @Test
    void aMessageUnderAnotherKeyIsNotAuthentic() {
        final var other = new KadCodec("a different overlay key, not ours".getBytes());
        final var buffer = other.encode(new KadMessage(1, sender, 0, 0, new KadMessage.Ping()),
            ByteBufAllocator.DEFAULT);
        final var failure = assertThrows(KadCodecException.class, () -> codec.decode(buffer));
        assertFalse(failure.authentic());
        assertEquals("bad message authentication code", failure.getMessage());
    }

    @Test
    void valuesBeyondTheLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class,
            () -> new KadMessage.Store(sender, new byte[KadMessage.MAX_VALUE_LENGTH + 1], 0));
        // A datagram codec refuses what only TCP may carry.
        final var tcp = new KadCodec(KadTestNetwork.OVERLAY_KEY, KadMessage.MAX_VALUE_LENGTH);
        final var large = tcp.encode(new KadMessage(1, sender, 0, 0, new KadMessage.Store(sender, new byte[2000], 0)),
            ByteBufAllocator.DEFAULT);
        final var failure = assertThrows(KadCodecException.class, () -> codec.decode(large));
        assertEquals("value length 2000 exceeds the message", failure.getMessage());
    }
}
