/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.kad.Contact;
import org.psp.kad.KadConfig;
import org.psp.kad.KadNode;
import org.psp.kad.MemoryValueStore;
import org.psp.kad.NodeId;

/** Two Kad nodes on the simulated network: latency, slow hosts, loss, partitions, transfers, hosts down. */
class SimulatedNetworkTest {
    private static final LinkModel LINKS = new LinkModel(TimeUnit.MILLISECONDS.toNanos(1),
        TimeUnit.MILLISECONDS.toNanos(2), 0, 0, 8e6);
    private final TraceDigest trace = new TraceDigest();
    private final VirtualTime time = new VirtualTime(trace);
    private final SimulatedNetwork network = new SimulatedNetwork(time, trace, LINKS, 1);
    private final KadNode first = node(0);
    private final KadNode second = node(1);

    private KadNode node(final int index) {
        try {
            return KadNode.start(KadConfig.defaults(SimulatedAccessNetwork.anId(index),
                new InetSocketAddress(SimulatedNetwork.host(index), 0), SimulatedAccessNetwork.OVERLAY_KEY), network,
                new MemoryValueStore(1 << 20), time);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pings the second node from the first; returns the round trip in virtual nanoseconds, or -1 if it failed. */
    private long ping() {
        final long started = time.nanoTime();
        final CompletableFuture<Contact> pong = first.ping(second.contact().address());
        time.runWhile(() -> !pong.isDone(), time.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        return pong.isCompletedExceptionally() ? -1 : time.nanoTime() - started;
    }

    @Test
    void aRoundTripTakesBothHostsDelaysTwiceAndASlowHostsMore() {
        final long roundTrip = ping();
        assertTrue(roundTrip >= TimeUnit.MILLISECONDS.toNanos(4) && roundTrip <= TimeUnit.MILLISECONDS.toNanos(8),
            roundTrip + " ns");
        network.slow(SimulatedNetwork.host(1), 10);
        final long slower = ping();
        assertTrue(slower > 3 * roundTrip, slower + " ns against " + roundTrip);
    }

    @Test
    void aHostOfAnotherOverlayIsNotAnsweredWhetherOrNotEveryMessageIsEncoded() throws InterruptedException {
        final var stranger = KadNode.start(KadConfig.defaults(SimulatedAccessNetwork.anId(2),
            new InetSocketAddress(SimulatedNetwork.host(2), 0), "another overlay's key, 32 bytes!".getBytes(
                StandardCharsets.US_ASCII)), network, new MemoryValueStore(1 << 20), time);
        for (boolean encode : new boolean[] {false, true}) {
            network.encodeEveryMessage(encode);
            final long before = network.traffic().messages();
            final CompletableFuture<Contact> pong = stranger.ping(first.contact().address());
            time.runWhile(() -> !pong.isDone(), time.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            assertTrue(pong.isCompletedExceptionally(), "encoding every message: " + encode);
            assertEquals(1, network.traffic().messages() - before, "the ping went, no answer came");
        }
        assertTrue(ping() > 0, "the members still answer each other");
    }

    @Test
    void aPartitionCutsTheHostsApartUntilItHeals() {
        assertTrue(ping() > 0);
        network.partition(List.of(SimulatedNetwork.host(1)));
        assertEquals(-1, ping());
        network.heal();
        assertTrue(ping() > 0);
    }

    @Test
    void lostDatagramsAreCountedAndAHostDownAnswersNothing() {
        network.links(LINKS.withLoss(0.999));
        assertEquals(-1, ping());
        assertTrue(network.traffic().lost() > 0);
        network.links(LINKS);
        assertTrue(ping() > 0);
        second.close();
        assertEquals(-1, ping());
        assertTrue(network.traffic().undelivered() > 0);
    }

    @Test
    void aLargeValueTravelsOverAStreamAtTheLinksBandwidth() {
        final var value = new byte[100_000];
        final long started = time.nanoTime();
        final var stored = first.storeAt(second.contact(), NodeId.keyOf("an-0", "big"), value,
            Duration.ofMinutes(1));
        time.runWhile(() -> !stored.isDone(), time.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        assertTrue(stored.join().accepted());
        // 100 kB at 8 Mbit/s: at least 100 ms on the way there.
        assertTrue(time.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(100), time.nanoTime() - started + "");
        // The traffic counts it as one Store of its size on the wire, and each type's bytes add up to the total.
        final var bytes = network.traffic().bytesByType();
        assertEquals(1L, network.traffic().messagesByType().get("Store"));
        assertTrue(bytes.get("Store") > value.length, bytes.toString());
        assertEquals(network.traffic().bytes(), bytes.values().stream().mapToLong(Long::longValue).sum());
    }
}
