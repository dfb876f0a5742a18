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
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
                new KadMessage.Reserve(key, 40_000, 30, 1 << 20, 3 << 20, 64 << 20),
                new KadMessage.Delete(key), new KadMessage.Ack(true), new KadMessage.Extend(key, 3600),
                new KadMessage.Undelete(key), new KadMessage.Command("store an-1".getBytes()),
                new KadMessage.CommandResult(new byte[] {0, 7}),
                new KadMessage.IndexPut(key, record(1), 3600, 3), new KadMessage.IndexPut(key, record(1), 60, 0),
                new KadMessage.IndexStored(true, "", contacts), new KadMessage.IndexStored(false, "index full",
                    List.of()), new KadMessage.IndexFind(key, 1_700_000_000_000L, 3),
                new KadMessage.IndexRecords(key, List.of(record(2), record(3)), contacts),
                new KadMessage.IndexRecords(key, List.of(IndexRecord.tombstone(record(2), 4)), List.of()))) {
            final var message = new KadMessage(42, sender, 5000, 1_700_000_000_000L, body);
            final var encoded = codec.encode(message, ByteBufAllocator.DEFAULT);
            assertEquals(encoded.readableBytes(), codec.encodedLength(message), body.getClass().getSimpleName());
            final var decoded = codec.decode(encoded);
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
    void aLongReasonIsCutAtACharacterAndArrivesAsTheMessageHoldsIt() throws KadCodecException {
        final var result = new KadMessage.StoreResult(false, "refused: " + "ü€😀".repeat(100));
        assertEquals(KadMessage.MAX_REASON_BYTES - 1, result.reason().getBytes(StandardCharsets.UTF_8).length,
            "9 bytes, 27 times 9 bytes, then the next ü (2 bytes); its € (3) would pass 255");
        final var decoded = codec.decode(codec.encode(new KadMessage(1, sender, 0, 0, result),
            ByteBufAllocator.DEFAULT));
        assertEquals(result, decoded.body());
        assertEquals("short", new KadMessage.IndexStored(false, "short", List.of()).reason());
    }

    @Test
    void tellsTheLengthOfALargeMessageAndThenOfASmallOne() {
        final var tcp = new KadCodec(KadTestNetwork.OVERLAY_KEY, KadMessage.MAX_VALUE_LENGTH);
        final var key = NodeId.keyOf("dslam-3", "segment-2/chunk-0");
        for (int size : new int[] {200_000, 10}) {
            final var message = new KadMessage(7, sender, 5000, 0, new KadMessage.Store(key, new byte[size], 60));
            final var encoded = tcp.encode(message, ByteBufAllocator.DEFAULT);
            assertEquals(encoded.readableBytes(), tcp.encodedLength(message));
            encoded.release();
        }
    }

    private static IndexRecord record(final int version) {
        return new IndexRecord(NodeId.keyOf("dslam-3", "session 1/1/7"), version, 1_700_000_000_000L,
            1_700_003_600_000L, ("record " + version).getBytes());
    }

    @Test
    void indexRecordsBeyondTheLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new IndexRecord(sender, 1, 0, 1,
            new byte[IndexRecord.MAX_PAYLOAD + 1]));
        assertThrows(IllegalArgumentException.class, () -> new IndexRecord(sender, 1, 2, 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> IndexRecord.tombstone(record(2), 2));
        final var tombstone = IndexRecord.tombstone(record(2), 3);
        assertTrue(tombstone.isTombstone());
        assertFalse(tombstone.validAt(tombstone.validFromMillis()));
        assertTrue(record(2).validAt(tombstone.validFromMillis()));
        final var big = new IndexRecord(sender, 1, 0, 1, new byte[IndexRecord.MAX_PAYLOAD]);
        assertThrows(IllegalArgumentException.class, () -> new KadMessage.IndexRecords(sender, List.of(big, big),
            List.of()));
        assertThrows(IllegalArgumentException.class, () -> new KadMessage.IndexPut(sender, big, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new KadMessage.IndexPut(sender, big, 60, 256));
        // A payload length beyond the limit, as an authentic but broken member would send it.
        final var buffer = codec.encode(new KadMessage(1, sender, 0, 0, new KadMessage.IndexPut(sender, big, 60, 3)),
            ByteBufAllocator.DEFAULT);
        final var length = buffer.readableBytes();
        final var bytes = new byte[length - KadCodec.MAC_LENGTH];
        buffer.getBytes(0, bytes);
        final int payloadLengthAt = bytes.length - IndexRecord.MAX_PAYLOAD - 2;
        bytes[payloadLengthAt] = (byte) 0xff;
        final var tampered = Unpooled.buffer();
        tampered.writeBytes(bytes);
        tampered.writeBytes(hmac(bytes));
        final var failure = assertThrows(KadCodecException.class, () -> codec.decode(tampered));
        assertEquals("index record payload of " + (0xff00 | IndexRecord.MAX_PAYLOAD & 0xff) + " bytes",
            failure.getMessage());
    }

    @Test
    void absurdReservationsAreRejectedOnTheWire() {
        assertThrows(IllegalArgumentException.class, () -> new KadMessage.Reserve(sender, 0, 30, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new KadMessage.Reserve(sender, 1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class,
            () -> new KadMessage.Reserve(sender, 1, KadMessage.MAX_HOLD_SECONDS + 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new KadMessage.Reserve(sender, 1, 30, -1, 0, 0));
        // A size beyond any value, as an authentic but broken member would send it.
        final var reserve = new KadMessage.Reserve(sender, 1000, 30, 0, 0, 0);
        final var buffer = codec.encode(new KadMessage(1, sender, 0, 0, reserve), ByteBufAllocator.DEFAULT);
        final var bytes = new byte[buffer.readableBytes() - KadCodec.MAC_LENGTH];
        buffer.getBytes(0, bytes);
        // The size's first byte: after the header (36 bytes) and the key (16).
        bytes[52] = 0x7f;
        final var tampered = Unpooled.buffer();
        tampered.writeBytes(bytes);
        tampered.writeBytes(hmac(bytes));
        final var failure = assertThrows(KadCodecException.class, () -> codec.decode(tampered));
        assertEquals("invalid message of type 20: a reservation of 2130707432 bytes, not 1 to "
            + KadMessage.MAX_VALUE_LENGTH, failure.getMessage());
    }

    private static byte[] hmac(final byte[] bytes) {
        try {
            final var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KadTestNetwork.OVERLAY_KEY, "HmacSHA256"));
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
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
