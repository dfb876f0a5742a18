/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.psp.kad.KadCodec;
import org.psp.kad.KadCodecException;
import org.psp.kad.KadMessage;
import org.psp.kad.OverlayEndpoint;
import org.psp.kad.OverlayNetwork;
import org.psp.kad.OverlayScheduler;

/**
 * A network in virtual time for overlay nodes: one host per node, datagrams and streams with per-link latency,
 * jitter, loss, bandwidth for streams, slow hosts and partitions. Runs on the simulation's one thread.
 *
 * <p>Messages: every message's size is the one the production codec gives it. A message of more than
 * {@link KadMessage#MAX_DATAGRAM_VALUE} bytes is encoded and authenticated with the overlay key, and decoded and
 * checked at its destination, by that codec, so that its limits are those of production. A smaller one, which no
 * limit can refuse, reaches its destination as the sender's immutable message, unless the two hosts have different
 * overlay keys (then it is encoded and refused, as on a socket): that saves a quarter of a run's time and changes
 * nothing else. {@link #encodeEveryMessage(boolean)} encodes every one; a test checks that both
 * give the same run, event for event.
 *
 * <p>Latency: each host has an access delay drawn once, uniformly from the link model's range; a message takes the
 * sum of both ends' delays (each multiplied by its host's slowness), plus exponential jitter, plus, on a stream, its
 * size over the link's bandwidth. A stream to a host that is down or cut off fails after the connect timeout; to a
 * live host with nothing on the port, after one round trip.
 */
public final class SimulatedNetwork implements OverlayNetwork {
    /** Netty's default connect timeout: how long a stream to a host that is down takes to fail. */
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int DEFAULT_DATAGRAM_PORT = 4000;
    private static final int DEFAULT_STREAM_PORT = 5000;
    private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);

    private final VirtualTime time;
    private final TraceDigest trace;
    private final SplittableRandom random;
    private final long seed;
    private LinkModel links;
    private final Map<InetAddress, Endpoint> hosts = new HashMap<>();
    private final Map<InetAddress, Long> accessDelays = new HashMap<>();
    private final Map<InetAddress, Double> slowness = new HashMap<>();
    private final Map<InetAddress, Integer> sides = new HashMap<>();
    private final TrafficCounters traffic = new TrafficCounters();
    private boolean encodeEveryMessage;

    /**
     * Creates an empty network.
     *
     * @param time the simulation's time
     * @param trace where every message sent is recorded
     * @param links latency, jitter, loss and bandwidth
     * @param seed the seed of its randomness (access delays, jitter, loss)
     */
    public SimulatedNetwork(final VirtualTime time, final TraceDigest trace, final LinkModel links, final long seed) {
        this.time = requireNonNull(time);
        this.trace = requireNonNull(trace);
        this.links = requireNonNull(links);
        this.seed = seed;
        random = new SplittableRandom(seed);
    }

    /**
     * Returns the address of the n-th simulated host: 10.0.0.1, 10.0.0.2, ...
     *
     * @param index from 0
     * @return its address
     */
    public static InetAddress host(final int index) {
        final int number = index + 1;
        try {
            return InetAddress.getByAddress(new byte[] {10, (byte) (number >>> 16), (byte) (number >>> 8),
                (byte) number});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OverlayScheduler scheduler() {
        return time;
    }

    @Override
    public OverlayEndpoint open(final OverlayScheduler scheduler, final InetSocketAddress bindAddress,
            final int streamPort, final byte[] overlayKey, final OverlayEndpoint.Receiver receiver) {
        final var host = bindAddress.getAddress();
        final var existing = hosts.get(host);
        if (existing != null && existing.open) {
            throw new IllegalStateException("host " + host.getHostAddress() + " is taken");
        }
        final var endpoint = new Endpoint(new InetSocketAddress(host,
            bindAddress.getPort() == 0 ? DEFAULT_DATAGRAM_PORT : bindAddress.getPort()),
            streamPort == 0 ? DEFAULT_STREAM_PORT : streamPort, overlayKey, receiver);
        hosts.put(host, endpoint);
        return endpoint;
    }

    /**
     * Changes the link model from now on; hosts keep their access delays, scaled to the new range.
     *
     * @param model the new model
     */
    public void links(final LinkModel model) {
        links = requireNonNull(model);
        accessDelays.clear();
    }

    /**
     * Returns the link model in force.
     *
     * @return the model
     */
    public LinkModel links() {
        return links;
    }

    /**
     * Makes a host's links slower: its access delay counts that many times.
     *
     * @param host the host
     * @param factor 1 for normal
     */
    public void slow(final InetAddress host, final double factor) {
        slowness.put(host, factor);
    }

    /**
     * Cuts the network in two: hosts on different sides no longer reach each other.
     *
     * @param side hosts on side 1; all others are on side 0
     */
    public void partition(final Iterable<InetAddress> side) {
        sides.clear();
        side.forEach(host -> sides.put(host, 1));
    }

    /**
     * Has every message encoded, authenticated, decoded and checked by the production codec, not only those that
     * carry large values; the run is the same, and slower.
     *
     * @param encode true to encode every message
     */
    public void encodeEveryMessage(final boolean encode) {
        encodeEveryMessage = encode;
    }

    /** Heals a partition: every host reaches every other again. */
    public void heal() {
        sides.clear();
    }

    /**
     * Returns the counters of the traffic so far.
     *
     * @return the counters
     */
    public TrafficCounters traffic() {
        return traffic;
    }

    private boolean reachable(final InetAddress from, final InetAddress to) {
        return sides.getOrDefault(from, 0).equals(sides.getOrDefault(to, 0));
    }

    private long oneWayNanos(final InetAddress from, final InetAddress to, final int bytes, final boolean stream) {
        final double delay = accessDelay(from) * slowness(from) + accessDelay(to) * slowness(to);
        final double jitter = links.jitterNanos() == 0 ? 0 : -links.jitterNanos() * Math.log(1 - random.nextDouble());
        final double transfer = stream ? bytes * 8e9 / links.bandwidthBitsPerSecond() : 0;
        return Math.max(1, (long) (delay + jitter + transfer));
    }

    private double slowness(final InetAddress host) {
        final Double factor = slowness.get(host);
        return factor == null ? 1 : factor;
    }

    private long accessDelay(final InetAddress host) {
        return accessDelays.computeIfAbsent(host, address -> {
            // Drawn from the host alone, so that it does not depend on when the host first sent.
            final var draw = new SplittableRandom(seed ^ address.hashCode() * 0x9e3779b97f4a7c15L);
            return links.minAccessNanos() + (long) (draw.nextDouble()
                * (links.maxAccessNanos() - links.minAccessNanos()));
        });
    }

    private void record(final Endpoint from, final InetAddress to, final KadMessage.Body body, final int bytes) {
        traffic.sent(body, bytes);
        trace.add(((long) from.address.getAddress().hashCode() << 32) ^ to.hashCode());
        trace.add((long) body.type() << 32 | bytes);
    }

    /**
     * A message on its way: its size on the wire, and either its encoded bytes (owned until delivered or lost) or,
     * for a small message, the message itself.
     */
    private record InFlight(int bytes, KadMessage message, ByteBuf encoded) {
        static InFlight of(final KadCodec codec, final KadMessage message, final boolean encode) {
            if (!encode) {
                final int bytes = codec.encodedLength(message);
                if (bytes <= KadMessage.MAX_DATAGRAM_VALUE) {
                    return new InFlight(bytes, message, null);
                }
            }
            final ByteBuf encoded = codec.encode(message, ALLOCATOR);
            return new InFlight(encoded.readableBytes(), null, encoded);
        }

        void release() {
            if (encoded != null) {
                encoded.release();
            }
        }
    }

    /** One host's endpoint; the host is down once it is closed. */
    private final class Endpoint implements OverlayEndpoint {
        private final InetSocketAddress address;
        private final int streamPort;
        private final KadCodec datagrams;
        private final KadCodec streams;
        private final byte[] overlayKey;
        private final Receiver receiver;
        private boolean open = true;

        Endpoint(final InetSocketAddress address, final int streamPort, final byte[] overlayKey,
                final Receiver receiver) {
            this.address = address;
            this.streamPort = streamPort;
            this.overlayKey = overlayKey.clone();
            datagrams = new KadCodec(overlayKey);
            streams = new KadCodec(overlayKey, KadMessage.MAX_VALUE_LENGTH);
            this.receiver = receiver;
        }

        @Override
        public InetSocketAddress datagramAddress() {
            return address;
        }

        @Override
        public int streamPort() {
            return streamPort;
        }

        @Override
        public void sendDatagram(final InetSocketAddress to, final KadMessage message) {
            if (!open) {
                return;
            }
            final var sent = InFlight.of(datagrams, message, encodeEveryMessage);
            record(this, to.getAddress(), message.body(), sent.bytes());
            if (links.loss() > 0 && random.nextDouble() < links.loss()) {
                traffic.countLost();
                sent.release();
                return;
            }
            final long delay = oneWayNanos(address.getAddress(), to.getAddress(), sent.bytes(), false);
            time.schedule(() -> deliverDatagram(to, sent), delay, TimeUnit.NANOSECONDS);
        }

        /**
         * What reached this endpoint from another, checked and decoded as its socket would; null if dropped. A message
         * that crossed whole from a host of another overlay is encoded with that host's key now, and refused here.
         */
        private KadMessage receive(final Endpoint from, final boolean stream, final InFlight sent) {
            if (sent.encoded() == null && Arrays.equals(overlayKey, from.overlayKey)) {
                return sent.message();
            }
            final ByteBuf encoded = sent.encoded() != null ? sent.encoded()
                : (stream ? from.streams : from.datagrams).encode(sent.message(), ALLOCATOR);
            try {
                return (stream ? streams : datagrams).decode(encoded);
            } catch (KadCodecException e) {
                receiver.dropped(e);
                return null;
            } finally {
                if (encoded != sent.encoded()) {
                    encoded.release();
                }
            }
        }

        private void deliverDatagram(final InetSocketAddress to, final InFlight sent) {
            try {
                final var recipient = hosts.get(to.getAddress());
                if (recipient == null || !recipient.open || recipient.address.getPort() != to.getPort()
                        || !reachable(address.getAddress(), to.getAddress())) {
                    traffic.countUndelivered();
                    return;
                }
                final var message = recipient.receive(this, false, sent);
                if (message == null) {
                    return;
                }
                final var answer = recipient.receiver.datagram(message, address);
                if (answer != null) {
                    recipient.sendDatagram(address, answer);
                }
            } finally {
                sent.release();
            }
        }

        @Override
        public CompletableFuture<Void> sendStream(final InetSocketAddress to, final KadMessage message) {
            final var written = new CompletableFuture<Void>();
            final var recipient = hosts.get(to.getAddress());
            if (!open) {
                written.completeExceptionally(new IllegalStateException("endpoint closed"));
            } else if (recipient == null || !recipient.open || !reachable(address.getAddress(), to.getAddress())) {
                time.schedule(() -> written.completeExceptionally(new ConnectException(
                    "connection timed out: " + to)), CONNECT_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            } else if (recipient.streamPort != to.getPort()) {
                final long roundTrip = 2 * oneWayNanos(address.getAddress(), to.getAddress(), 0, false);
                time.schedule(() -> written.completeExceptionally(new ConnectException(
                    "connection refused: " + to)), roundTrip, TimeUnit.NANOSECONDS);
            } else {
                written.complete(null);
                transmit(recipient, message, true);
            }
            return written;
        }

        /** Sends over an established stream: delivered unless an end goes down or the network splits first. */
        private void transmit(final Endpoint recipient, final KadMessage message, final boolean request) {
            final var sent = InFlight.of(streams, message, encodeEveryMessage);
            record(this, recipient.address.getAddress(), message.body(), sent.bytes());
            final long delay = oneWayNanos(address.getAddress(), recipient.address.getAddress(), sent.bytes(), true);
            time.schedule(() -> {
                try {
                    if (!open || !recipient.open || hosts.get(recipient.address.getAddress()) != recipient
                            || !reachable(address.getAddress(), recipient.address.getAddress())) {
                        traffic.countUndelivered();
                        return;
                    }
                    final var decoded = recipient.receive(this, true, sent);
                    if (decoded == null) {
                        return;
                    }
                    final var answer = recipient.receiver.stream(decoded,
                        new InetSocketAddress(address.getAddress(), streamPort));
                    if (request && answer != null) {
                        answer.thenAccept(reply -> recipient.transmit(this, reply, false));
                    }
                } finally {
                    sent.release();
                }
            }, delay, TimeUnit.NANOSECONDS);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
