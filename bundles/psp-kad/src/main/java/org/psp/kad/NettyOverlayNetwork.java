/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The production network: a UDP socket and a TCP port per node, on Netty event loops shared by any number of nodes.
 * Each node's timers and its datagrams run on one event loop of the group.
 *
 * @param group the event loops
 */
public record NettyOverlayNetwork(EventLoopGroup group) implements OverlayNetwork {
    /**
     * Creates the network on a group of event loops.
     *
     * @param group the event loops, owned by the caller
     */
    public NettyOverlayNetwork {
        requireNonNull(group);
    }

    @Override
    public OverlayScheduler scheduler() {
        return new EventLoopScheduler(group.next());
    }

    @Override
    public OverlayEndpoint open(final OverlayScheduler scheduler, final InetSocketAddress bindAddress,
            final int streamPort, final byte[] overlayKey, final OverlayEndpoint.Receiver receiver)
            throws InterruptedException {
        if (!(scheduler instanceof EventLoopScheduler(var loop))) {
            throw new IllegalArgumentException("not a scheduler of this network: " + scheduler);
        }
        return new Endpoint(group, loop, bindAddress, streamPort, overlayKey, receiver);
    }

    /**
     * An event loop as a node's scheduler.
     *
     * @param loop the event loop
     */
    record EventLoopScheduler(EventLoop loop) implements OverlayScheduler {
        @Override
        public void execute(final Runnable task) {
            loop.execute(task);
        }

        @Override
        public Scheduled schedule(final Runnable task, final long delay, final TimeUnit unit) {
            return Scheduled.of(loop.schedule(task, delay, unit));
        }

        @Override
        public Scheduled scheduleWithFixedDelay(final Runnable task, final long initialDelay, final long delay,
                final TimeUnit unit) {
            return Scheduled.of(loop.scheduleWithFixedDelay(task, initialDelay, delay, unit));
        }

        @Override
        public boolean inOwnThread() {
            return loop.inEventLoop();
        }
    }

    /** A UDP socket on one event loop, and a TCP port. */
    private static final class Endpoint implements OverlayEndpoint {
        private final Channel channel;
        private final TcpTransport streams;
        private final InetSocketAddress address;

        Endpoint(final EventLoopGroup group, final EventLoop loop, final InetSocketAddress bindAddress,
                final int streamPort, final byte[] overlayKey, final Receiver receiver) throws InterruptedException {
            final var codec = new KadCodec(overlayKey);
            channel = Binding.bind(new Bootstrap().group(loop).channel(NioDatagramChannel.class)
                // Room for bursts; the kernel caps it at net.core.rmem_max.
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(final DatagramChannel ch) {
                        ch.pipeline().addLast(new Encoder(codec), new Handler(codec, receiver));
                    }
                }), "udp", bindAddress);
            address = new InetSocketAddress(bindAddress.getAddress(),
                ((InetSocketAddress) channel.localAddress()).getPort());
            try {
                streams = new TcpTransport(group, new InetSocketAddress(bindAddress.getAddress(), streamPort),
                    overlayKey, receiver);
            } catch (UncheckedIOException | IllegalStateException e) {
                channel.close().syncUninterruptibly();
                throw e;
            }
        }

        @Override
        public InetSocketAddress datagramAddress() {
            return address;
        }

        @Override
        public int streamPort() {
            return streams.port();
        }

        @Override
        public void sendDatagram(final InetSocketAddress to, final KadMessage message) {
            channel.writeAndFlush(new DefaultAddressedEnvelope<>(message, to), channel.voidPromise());
        }

        @Override
        public CompletableFuture<Void> sendStream(final InetSocketAddress to, final KadMessage message) {
            return streams.send(to, message);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            channel.close().syncUninterruptibly();
            streams.close();
        }
    }

    /** Encodes and signs outgoing datagrams on the channel's event loop. */
    private static final class Encoder
            extends MessageToMessageEncoder<AddressedEnvelope<KadMessage, InetSocketAddress>> {
        private final KadCodec codec;

        Encoder(final KadCodec codec) {
            this.codec = codec;
        }

        @Override
        protected void encode(final ChannelHandlerContext ctx,
                final AddressedEnvelope<KadMessage, InetSocketAddress> msg, final List<Object> out) {
            out.add(new DatagramPacket(codec.encode(msg.content(), ctx.alloc()), msg.recipient()));
        }
    }

    /** Verifies and decodes incoming datagrams, hands them to the node and sends its answers back. */
    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final KadCodec codec;
        private final OverlayEndpoint.Receiver receiver;

        Handler(final KadCodec codec, final OverlayEndpoint.Receiver receiver) {
            this.codec = codec;
            this.receiver = receiver;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final DatagramPacket packet) {
            final KadMessage message;
            try {
                message = codec.decode(packet.content());
            } catch (KadCodecException e) {
                receiver.dropped(e);
                return;
            }
            final var answer = receiver.datagram(message, packet.sender());
            if (answer != null) {
                ctx.writeAndFlush(new DefaultAddressedEnvelope<>(answer, packet.sender()), ctx.voidPromise());
            }
        }
    }
}
