/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Authenticated messages one node handles per second on one core: a node on its own single event-loop thread
 * answers FIND_NODE requests from a client node on another thread. Each operation is one request the server
 * verifies, decodes, answers (looking up its routing table), signs and sends: two messages, so the node handles
 * twice the reported operations per second in messages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class KadMessageRateBenchmark {
    private static final byte[] KEY = "psp benchmark overlay key 000000".getBytes(StandardCharsets.UTF_8);
    private static final int BATCH = 8192;
    private static final int WINDOW = 64;

    private EventLoopGroup serverLoop;
    private EventLoopGroup clientLoop;
    private KadNode server;
    private KadNode client;
    private final KadMessage.Body request = new KadMessage.FindNode(NodeId.ofAccessNode("target"));

    @Setup
    public void setUp() throws InterruptedException, ExecutionException, TimeoutException {
        serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = KadNode.start(KadConfig.defaults("server", new InetSocketAddress("127.0.0.1", 0), KEY), serverLoop,
            new MemoryValueStore(0));
        client = KadNode.start(KadConfig.defaults("client", new InetSocketAddress("127.0.0.1", 0), KEY), clientLoop,
            new MemoryValueStore(0));
        client.join(List.of(server.contact().address())).get(10, TimeUnit.SECONDS);
    }

    /**
     * Sends {@value #BATCH} requests, keeping {@value #WINDOW} in flight, and waits for every answer; a request that
     * times out is sent again.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void findNode() throws InterruptedException, ExecutionException, TimeoutException {
        final var done = new CompletableFuture<Void>();
        final var issued = new AtomicInteger();
        final var answered = new AtomicInteger();
        final var next = new Runnable() {
            @Override
            public void run() {
                if (issued.getAndIncrement() < BATCH) {
                    client.request(server.contact(), request).whenComplete((response, failure) -> {
                        if (failure != null) {
                            // A datagram lost under load: ask again, as a lookup would ask another node.
                            issued.decrementAndGet();
                            run();
                        } else if (answered.incrementAndGet() == BATCH) {
                            done.complete(null);
                        } else {
                            run();
                        }
                    });
                }
            }
        };
        for (int i = 0; i < WINDOW; i++) {
            next.run();
        }
        done.get(30, TimeUnit.SECONDS);
    }

    @TearDown
    public void tearDown() {
        client.close();
        server.close();
        serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
