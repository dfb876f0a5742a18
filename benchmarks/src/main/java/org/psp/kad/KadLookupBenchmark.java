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
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of an iterative lookup of a random id from a random node, in an overlay of N nodes in one JVM on
 * loopback (two event-loop threads for all of them). The hop counts are logged at the end of each trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KadLookupBenchmark {
    private static final System.Logger LOG = System.getLogger(KadLookupBenchmark.class.getName());
    private static final byte[] KEY = "psp benchmark overlay key 000000".getBytes(StandardCharsets.UTF_8);

    @Param({"64", "256", "1024"})
    public int nodes;

    private EventLoopGroup group;
    private final List<KadNode> overlay = new ArrayList<>();
    private final int[] hops = new int[16];
    private Random random;

    @Setup
    public void setUp() throws InterruptedException, ExecutionException, TimeoutException {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        random = new Random(7);
        for (int i = 0; i < nodes; i++) {
            final var node = KadNode.start(KadConfig.defaults("an-" + i, new InetSocketAddress("127.0.0.1", 0), KEY),
                group, new MemoryValueStore(1 << 20));
            if (!overlay.isEmpty()) {
                node.join(List.of(overlay.get(random.nextInt(overlay.size())).contact().address()))
                    .get(60, TimeUnit.SECONDS);
            }
            overlay.add(node);
        }
    }

    @Benchmark
    public LookupResult lookup() throws InterruptedException, ExecutionException, TimeoutException {
        final var result = overlay.get(random.nextInt(nodes)).lookup(new NodeId(random.nextLong(),
            random.nextLong())).get(10, TimeUnit.SECONDS);
        hops[Math.min(result.hops(), hops.length - 1)]++;
        return result;
    }

    @TearDown
    public void tearDown() {
        final var distribution = new StringBuilder();
        long total = 0;
        for (int count : hops) {
            total += count;
        }
        long seen = 0;
        int median = 0;
        for (int hop = 0; hop < hops.length; hop++) {
            if (hops[hop] > 0) {
                distribution.append(hop).append(':').append(hops[hop]).append(' ');
            }
            seen += hops[hop];
            if (median == 0 && seen * 2 >= total) {
                median = hop;
            }
        }
        LOG.log(Level.INFO, "N={0}: median hops {1}, distribution (hops:lookups) {2}", nodes, median, distribution);
        overlay.forEach(KadNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
