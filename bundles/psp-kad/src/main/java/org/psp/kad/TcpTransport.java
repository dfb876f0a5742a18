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
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Kad messages over TCP, for values too large for a datagram: length-prefixed frames authenticated exactly like
 * datagrams, one pooled connection per peer, and back-pressure (a connection whose peer reads slower than it sends
 * stops reading requests until its output drains).
 */
final class TcpTransport implements AutoCloseable {
    private static final int MAX_FRAME = KadMessage.MAX_VALUE_LENGTH + 1024;

    private final EventLoopGroup group;
    private final byte[] overlayKey;
    private final OverlayEndpoint.Receiver receiver;
    private final Channel server;
    private final Map<InetSocketAddress, ChannelFuture> connections = new ConcurrentHashMap<>();
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    TcpTransport(final EventLoopGroup group, final InetSocketAddress bindAddress, final byte[] overlayKey,
            final OverlayEndpoint.Receiver receiver) throws InterruptedException {
        this.group = requireNonNull(group);
        this.overlayKey = overlayKey.clone();
        this.receiver = requireNonNull(receiver);
        // A node that restarts binds its port again at once, whatever connections linger in TIME_WAIT.
        server = Binding.bind(new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    accepted.add(ch);
                    configure(ch);
                }
            }), "tcp", bindAddress);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Sends a message to a peer's TCP address over the pooled connection, opening it if needed.
     *
     * @param to the peer's TCP address
     * @param message the message
     * @return completes when the message is written; fails if the peer cannot be reached
     */
    CompletableFuture<Void> send(final InetSocketAddress to, final KadMessage message) {
        return send(to, message, true);
    }

    /**
     * Sends over the pooled connection; if the write fails, as on a connection the peer reset when it restarted
     * before this side noticed, sends once more over a new connection. A copy that did arrive makes the second one
     * a replay, which the peer drops.
     */
    private CompletableFuture<Void> send(final InetSocketAddress to, final KadMessage message, final boolean again) {
        final var written = new CompletableFuture<Void>();
        final var pooled = connection(to);
        pooled.addListener(connected -> {
            if (!connected.isSuccess()) {
                connections.remove(to, pooled);
                written.completeExceptionally(connected.cause());
                return;
            }
            pooled.channel().writeAndFlush(message).addListener(write -> {
                if (write.isSuccess()) {
                    written.complete(null);
                } else if (again) {
                    connections.remove(to, pooled);
                    send(to, message, false).whenComplete((ignored, failure) -> {
                        if (failure == null) {
                            written.complete(null);
                        } else {
                            written.completeExceptionally(failure);
                        }
                    });
                } else {
                    written.completeExceptionally(write.cause());
                }
            });
        });
        return written;
    }

    private ChannelFuture connection(final InetSocketAddress to) {
        return connections.compute(to, (address, existing) -> {
            if (existing != null && (!existing.isDone() || existing.isSuccess() && existing.channel().isActive())) {
                return existing;
            }
            final var connecting = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(final SocketChannel ch) {
                        configure(ch);
                    }
                })
                .connect(address);
            connecting.channel().closeFuture().addListener(closed -> connections.remove(address, connecting));
            return connecting;
        });
    }

    private void configure(final SocketChannel ch) {
        final var codec = new KadCodec(overlayKey, KadMessage.MAX_VALUE_LENGTH);
        ch.pipeline().addLast(
            new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
            new LengthFieldPrepender(4),
            new MessageToMessageEncoder<KadMessage>() {
                @Override
                protected void encode(final ChannelHandlerContext ctx, final KadMessage msg,
                        final List<Object> out) {
                    out.add(codec.encode(msg, ctx.alloc()));
                }
            },
            new FrameHandler(codec));
    }

    @Override
    public void close() {
        connections.values().forEach(connection -> connection.channel().close());
        connections.clear();
        server.close().syncUninterruptibly();
        // Reset rather than left in FIN_WAIT2 until each peer sees the end, so that the port is free again at once. On
        // the connection's event loop, where no peer's close can come between the check and the setting, and before
        // the close below, which runs there too.
        for (var connection : accepted) {
            try {
                connection.eventLoop().execute(() -> {
                    if (connection.isOpen()) {
                        connection.config().setOption(ChannelOption.SO_LINGER, 0);
                    }
                });
            } catch (RejectedExecutionException e) {
                // Its event loop has stopped, and the connection with it.
            }
        }
        accepted.close().syncUninterruptibly();
    }

    /** Verifies and dispatches frames; answers on the same connection. */
    private final class FrameHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final KadCodec codec;

        FrameHandler(final KadCodec codec) {
            this.codec = codec;
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final ByteBuf frame) {
            final KadMessage message;
            try {
                message = codec.decode(frame);
            } catch (KadCodecException e) {
                receiver.dropped(e);
                if (!e.authentic()) {
                    // A stranger or a broken stream: nothing more on this connection can be trusted.
                    ctx.close();
                }
                return;
            }
            final var answer = receiver.stream(message, (InetSocketAddress) ctx.channel().remoteAddress());
            if (answer != null) {
                answer.thenAccept(reply -> {
                    ctx.writeAndFlush(reply);
                    if (!ctx.channel().isWritable()) {
                        ctx.channel().config().setAutoRead(false);
                    }
                });
            }
        }

        @Override
        public void channelWritabilityChanged(final ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                ctx.channel().config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            ctx.close();
        }
    }
}
