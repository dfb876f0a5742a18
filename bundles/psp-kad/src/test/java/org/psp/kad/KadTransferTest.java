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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KadTransferTest {
    @Test
    void valuesTooLargeForADatagramTravelOverTcp() throws Exception {
        try (var network = new KadTestNetwork().grow(24)) {
            final var random = new Random(8);
            for (int size : new int[] {KadMessage.MAX_DATAGRAM_VALUE + 1, 64 << 10, 4 << 20}) {
                final var value = new byte[size];
                random.nextBytes(value);
                final var key = NodeId.keyOf("an-3", "segment-" + size + "/chunk-0");
                final var stored = network.nodes.get(3).store(key, value, Duration.ZERO).get(30, TimeUnit.SECONDS);
                assertEquals(10, stored.values().stream().filter(ValueStore.Outcome::accepted).count(),
                    stored.toString());
                final var found = network.nodes.get(17).findValue(key).get(30, TimeUnit.SECONDS);
                assertArrayEquals(value, found.value().orElseThrow(), "value of " + size + " bytes");
            }
        }
    }

    @Test
    void aClosedNodeNoLongerAnswersOverTcpAndItsPortCanBeBoundAgain() throws Exception {
        try (var network = new KadTestNetwork().grow(2)) {
            final var holder = network.nodes.get(0);
            final var asker = network.nodes.get(1);
            final var key = NodeId.keyOf("an-1", "large");
            final var value = new byte[5000];
            assertTrue(asker.storeAt(holder.contact(), key, value, Duration.ZERO).get(10, TimeUnit.SECONDS)
                .accepted());
            assertArrayEquals(value, asker.findValueAt(holder.contact(), key).get(10, TimeUnit.SECONDS)
                .orElseThrow());

            // The asker's pooled connection to the holder is open; closing the holder must close that too.
            holder.close();
            assertThrows(ExecutionException.class, () -> asker.fetch(holder.contact(), key).get(10,
                TimeUnit.SECONDS));
            final var config = KadTestNetwork.config("an-0", KadTestNetwork.OVERLAY_KEY);
            final var again = new KadConfig(config.anId(), holder.contact().address(), holder.contact().tcpPort(),
                config.overlayKey(), config.bucketSize(), config.alpha(), config.minTimeout(), config.maxTimeout(),
                config.replayWindow(), config.maintenanceInterval());
            KadNode.start(again, network.group, new MemoryValueStore(1 << 20)).close();
        }
    }

    @Test
    void aNodeRestartsOnItsOwnPortsAtOnceWhilePeersStillHoldConnectionsToIt() throws Exception {
        try (var network = new KadTestNetwork().grow(3)) {
            final var asker = network.nodes.get(1);
            final var other = network.nodes.get(2);
            var holder = network.nodes.get(0);
            final var value = new byte[5000];
            for (int restart = 0; restart < 20; restart++) {
                final var key = NodeId.keyOf("an-0", "restart-" + restart);
                assertTrue(asker.storeAt(holder.contact(), key, value, Duration.ZERO).get(10, TimeUnit.SECONDS)
                    .accepted(), "store before restart " + restart);
                assertTrue(other.storeAt(holder.contact(), key, value, Duration.ZERO).get(10, TimeUnit.SECONDS)
                    .accepted());
                holder.close();
                holder = KadNode.start(sameAddresses(holder), network.group, new MemoryValueStore(1 << 20));
                network.nodes.set(0, holder);
            }
        }
    }

    @Test
    void aPortTakenBySomeoneElseIsAClearError() throws Exception {
        try (var network = new KadTestNetwork().grow(1); var squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final var config = KadTestNetwork.config("an-9", KadTestNetwork.OVERLAY_KEY);
            final var clash = new KadConfig(config.anId(), config.bindAddress(), squatter.getLocalPort(),
                config.overlayKey(), config.bucketSize(), config.alpha(), config.minTimeout(), config.maxTimeout(),
                config.replayWindow(), config.maintenanceInterval());
            final var failure = assertThrows(UncheckedIOException.class,
                () -> KadNode.start(clash, network.group, new MemoryValueStore(1 << 20)));
            assertEquals("cannot bind tcp 127.0.0.1:" + squatter.getLocalPort() + ": Address already in use",
                failure.getMessage());
        }
    }

    private static KadConfig sameAddresses(final KadNode node) {
        final var config = KadTestNetwork.config("an-0", KadTestNetwork.OVERLAY_KEY);
        return new KadConfig(config.anId(), node.contact().address(), node.contact().tcpPort(), config.overlayKey(),
            config.bucketSize(), config.alpha(), config.minTimeout(), config.maxTimeout(), config.replayWindow(),
            config.maintenanceInterval());
    }

    @Test
    void aStrangerCannotStoreOverTcp() throws Exception {
        try (var network = new KadTestNetwork().grow(2)) {
            final var target = network.nodes.get(0);
            final var codec = new KadCodec("an outsider's key, not the overlay's".getBytes(StandardCharsets.UTF_8),
                KadMessage.MAX_VALUE_LENGTH);
            final var key = NodeId.keyOf("an-0", "forged");
            final var frame = codec.encode(new KadMessage(5, NodeId.ofAccessNode("intruder"), 0,
                System.currentTimeMillis(), new KadMessage.Store(key, new byte[5000], 0)), ByteBufAllocator.DEFAULT);
            final var bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            frame.release();
            try (var socket = new Socket(target.contact().address().getAddress(), target.contact().tcpPort())) {
                socket.setSoTimeout(5_000);
                final var out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(bytes.length);
                out.write(bytes);
                out.flush();
                // The node drops the frame and hangs up.
                boolean closed;
                try {
                    new DataInputStream(socket.getInputStream()).readInt();
                    closed = false;
                } catch (EOFException e) {
                    closed = true;
                }
                assertTrue(closed, "the connection stayed open");
            }
            assertEquals(1, target.stats().unauthenticated());
            assertTrue(target.findValue(key).get(10, TimeUnit.SECONDS).value().isEmpty());
        }
    }
}
