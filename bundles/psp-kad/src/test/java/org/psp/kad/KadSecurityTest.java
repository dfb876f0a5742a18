/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KadSecurityTest {
    private static final byte[] WRONG_KEY = "not the overlay key, an outsider".getBytes(StandardCharsets.UTF_8);

    @Test
    void aNodeWithTheWrongKeyCannotJoinStoreOrDelete() throws Exception {
        try (var network = new KadTestNetwork().grow(8)) {
            final var key = NodeId.keyOf("an-1", "segment-0/chunk-0");
            network.nodes.get(1).store(key, "kept".getBytes(), Duration.ZERO).get(10, TimeUnit.SECONDS);

            final var stranger = KadNode.start(KadTestNetwork.config("intruder", WRONG_KEY), network.group,
                new MemoryValueStore(1 << 20));
            try {
                final var join = stranger.join(List.of(network.nodes.get(0).contact().address()));
                final var failure = assertThrows(ExecutionException.class, () -> join.get(10, TimeUnit.SECONDS));
                assertTrue(failure.getCause().getMessage().contains("no bootstrap contact answered"));
                // Even knowing a member's address, its requests are ignored.
                final var member = network.nodes.get(0).contact();
                assertThrows(ExecutionException.class, () -> stranger.request(member,
                    new KadMessage.Delete(key)).get(10, TimeUnit.SECONDS));
                assertThrows(ExecutionException.class, () -> stranger.request(member,
                    new KadMessage.Store(key, "forged".getBytes(), 0)).get(10, TimeUnit.SECONDS));
            } finally {
                stranger.close();
            }
            final long dropped = network.nodes.stream().mapToLong(node -> node.stats().unauthenticated()).sum();
            assertTrue(dropped >= 3, "dropped " + dropped);
            final var found = network.nodes.get(5).findValue(key).get(10, TimeUnit.SECONDS);
            assertEquals("kept", new String(found.value().orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(network.nodes.stream().allMatch(node -> node.routingTable().find(stranger.id()).isEmpty()));
        }
    }

    @Test
    void aReplayedMessageIsDropped() throws Exception {
        try (var network = new KadTestNetwork().grow(1); var socket = new DatagramSocket()) {
            final var target = network.nodes.get(0);
            final var codec = new KadCodec(KadTestNetwork.OVERLAY_KEY);
            final var store = new KadMessage(77, NodeId.ofAccessNode("replayer"), 0, System.currentTimeMillis(),
                new KadMessage.Store(NodeId.keyOf("an-0", "x"), "v1".getBytes(), 0));
            final var bytes = bytes(codec, store);
            send(socket, bytes, target.contact().address());
            assertTrue(receive(socket).length > 0, "the first copy is answered");
            send(socket, bytes, target.contact().address());
            final var stale = bytes(codec, new KadMessage(78, store.sender(), 0,
                System.currentTimeMillis() - 120_000, new KadMessage.Ping()));
            send(socket, stale, target.contact().address());
            waitFor(() -> target.stats().replayed() == 2);
            assertEquals(1, target.stats().received());
        }
    }

    @Test
    void aNodeWhoseClockIsAnHourAheadIsNotHeard() throws Exception {
        try (var network = new KadTestNetwork().grow(1)) {
            final var target = network.nodes.get(0);
            final var ahead = new OverlayClock() {
                @Override
                public Instant instant() {
                    return Instant.now().plus(Duration.ofHours(1));
                }

                @Override
                public long nanoTime() {
                    return System.nanoTime();
                }
            };
            final var skewed = KadNode.start(KadTestNetwork.config("an-ahead", KadTestNetwork.OVERLAY_KEY),
                new NettyOverlayNetwork(network.group), new MemoryValueStore(1 << 20), ahead);
            try {
                // Its timestamps are outside the replay window: the target drops every one as a replay.
                assertThrows(ExecutionException.class,
                    () -> skewed.ping(target.contact().address()).get(30, TimeUnit.SECONDS));
                waitFor(() -> target.stats().replayed() >= 1);
                assertEquals(0, target.stats().received());
            } finally {
                skewed.close();
            }
        }
    }

    @Test
    void hostileDatagramsAreCountedAndNeverHurtTheNode() throws Exception {
        try (var network = new KadTestNetwork().grow(2); var socket = new DatagramSocket()) {
            final var target = network.nodes.get(0);
            final var address = target.contact().address();
            final var codec = new KadCodec(KadTestNetwork.OVERLAY_KEY);
            final var random = new Random(99);
            final int rounds = 20_000;
            for (int i = 0; i < rounds; i++) {
                final byte[] datagram;
                switch (i % 4) {
                    case 0 -> {
                        datagram = new byte[random.nextInt(1400)];
                        random.nextBytes(datagram);
                    }
                    case 1 -> {
                        final var valid = bytes(codec, new KadMessage(i, NodeId.ofAccessNode("fuzzer"), 0,
                            System.currentTimeMillis(), new KadMessage.FindNode(new NodeId(i, i))));
                        datagram = Arrays.copyOf(valid, random.nextInt(valid.length));
                    }
                    default -> datagram = garbageWithValidMac(random, i);
                }
                send(socket, datagram, address);
                if (i % 100 == 0) {
                    // Stay below what the loopback socket buffers hold.
                    Thread.sleep(1);
                }
            }
            waitFor(() -> target.stats().unauthenticated() + target.stats().malformed() + target.stats().replayed()
                + target.stats().received() >= rounds * 8L / 10);
            assertTrue(target.stats().malformed() > rounds / 8, "malformed " + target.stats().malformed());
            assertTrue(target.stats().unauthenticated() > rounds / 8, "unauthenticated "
                + target.stats().unauthenticated());
            // Still a working member. One ping may be lost or late on a busy machine: it is sent again, within a
            // generous deadline.
            final var other = network.nodes.get(1);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Contact answered = null;
            while (answered == null && System.nanoTime() < deadline) {
                try {
                    answered = other.ping(address).get(5, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof TimeoutException, e.toString());
                }
            }
            assertEquals(target.id(), answered == null ? null : answered.id(), "no answer to a ping within 30 s");
        }
    }

    /** Garbage bodies, absurd counts and lengths, unknown types and versions, under a valid HMAC. */
    private static byte[] garbageWithValidMac(final Random random, final int round) {
        final var buffer = Unpooled.buffer();
        buffer.writeByte(random.nextInt(4) == 0 ? random.nextInt(256) : KadCodec.VERSION);
        buffer.writeByte(random.nextInt(12));
        buffer.writeLong(round).writeLong(random.nextLong()).writeLong(random.nextLong()).writeShort(0)
            .writeLong(System.currentTimeMillis());
        final var body = new byte[random.nextInt(64)];
        random.nextBytes(body);
        if (body.length > 0 && random.nextBoolean()) {
            body[0] = (byte) 0xFF;
        }
        buffer.writeBytes(body);
        try {
            final var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KadTestNetwork.OVERLAY_KEY, "HmacSHA256"));
            mac.update(buffer.nioBuffer());
            buffer.writeBytes(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        final var bytes = new byte[buffer.readableBytes()];
        buffer.readBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(final KadCodec codec, final KadMessage message) {
        final var buffer = codec.encode(message, ByteBufAllocator.DEFAULT);
        try {
            final var bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    private static void send(final DatagramSocket socket, final byte[] bytes, final InetSocketAddress to)
            throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static byte[] receive(final DatagramSocket socket) throws IOException {
        socket.setSoTimeout(5_000);
        final var packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "condition not met in 10 s");
    }
}
