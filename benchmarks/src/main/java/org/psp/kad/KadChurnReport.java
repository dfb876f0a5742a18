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
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lookups before and after a regional power cut: N nodes on loopback in one JVM (two event-loop threads for all of
 * them) look up random ids; then a share of the nodes is killed at once, and the lookups go on with no refresh by
 * hand. Prints, for the time before, the first 10 seconds after the failure and the 30 seconds after those: lookups
 * done and failed, latency percentiles, and the share that returned exactly the K closest live nodes.
 *
 * <p>{@code benchmarks/run kad-churn [N ...] [--kill FRACTION] [--seed S]} (default: 256 and 1000 nodes, 30 %).
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class KadChurnReport {
    private static final byte[] KEY = "psp benchmark overlay key 000000".getBytes(StandardCharsets.UTF_8);
    private static final int IN_FLIGHT = 4;
    private static final long BEFORE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long FIRST_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long AFTER_NANOS = TimeUnit.SECONDS.toNanos(30);

    private KadChurnReport() {
        // main only
    }

    /** What the lookups of one period showed. */
    private static final class Period {
        final String name;
        final List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        final List<Found> found = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failed = new AtomicInteger();
        int exact;

        Period(final String name) {
            this.name = name;
        }

        String row() {
            final var sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            final int done = sorted.size();
            return String.format(Locale.ROOT, "%-22s %8d %7d %9s %9s %9s %9s %8.1f %%", name, done, failed.get(),
                millis(sorted, 0.5), millis(sorted, 0.9), millis(sorted, 0.99), millis(sorted, 1.0),
                done == 0 ? 0.0 : 100.0 * exact / done);
        }

        private static String millis(final List<Long> sorted, final double quantile) {
            if (sorted.isEmpty()) {
                return "-";
            }
            final int index = Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1);
            return String.format(Locale.ROOT, "%.2f", sorted.get(Math.max(0, index)) / 1e6);
        }
    }

    /** What one lookup returned, checked against the truth once the period is over, off the event loops. */
    private record Found(NodeId asker, NodeId target, List<NodeId> closest) {
    }

    /**
     * Runs the report.
     *
     * @param args node counts, {@code --kill FRACTION}, {@code --seed S}
     * @throws Exception if the overlay cannot be built
     */
    public static void main(final String[] args) throws Exception {
        final var sizes = new ArrayList<Integer>();
        double kill = 0.3;
        long seed = 7;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kill" -> kill = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes.addAll(List.of(256, 1000));
        }
        System.out.printf(Locale.ROOT, "Kad lookups before and after %.0f %% of the nodes fail at once (K = 10, "
            + "alpha = 3, %d lookups in flight, %d cores: %s)%n", kill * 100, IN_FLIGHT,
            Runtime.getRuntime().availableProcessors(), cpu());
        for (int nodes : sizes) {
            run(nodes, kill, seed);
        }
    }

    private static void run(final int count, final double kill, final long seed) throws Exception {
        final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        final var random = new Random(seed);
        final var nodes = new ArrayList<KadNode>();
        try {
            for (int i = 0; i < count; i++) {
                final var node = KadNode.start(KadConfig.defaults("an-" + i, new InetSocketAddress("127.0.0.1", 0),
                    KEY), group, new MemoryValueStore(1 << 20));
                if (!nodes.isEmpty()) {
                    node.join(List.of(nodes.get(random.nextInt(nodes.size())).contact().address()))
                        .get(60, TimeUnit.SECONDS);
                }
                nodes.add(node);
            }
            System.out.printf(Locale.ROOT, "%nN = %d%n%-22s %8s %7s %9s %9s %9s %9s %10s%n", count, "period",
                "lookups", "failed", "p50 ms", "p90 ms", "p99 ms", "max ms", "exact K");
            final var live = new ArrayList<>(nodes);
            final var before = new Period("before");
            measure(live, before, BEFORE_NANOS, random);
            System.out.println(before.row());

            Collections.shuffle(live, random);
            final var killed = new ArrayList<>(live.subList(0, (int) Math.round(count * kill)));
            live.removeAll(killed);
            killed.forEach(KadNode::close);
            final var first = new Period("0-10 s after failure");
            measure(live, first, FIRST_NANOS, random);
            System.out.println(first.row());
            final var after = new Period("10-40 s after failure");
            measure(live, after, AFTER_NANOS, random);
            System.out.println(after.row());
        } finally {
            nodes.forEach(KadNode::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Looks up random ids from random live nodes, a few at a time, for a while. */
    private static void measure(final List<KadNode> live, final Period period, final long durationNanos,
            final Random random) throws InterruptedException {
        final var slots = new Semaphore(IN_FLIGHT);
        final long end = System.nanoTime() + durationNanos;
        while (System.nanoTime() < end) {
            slots.acquire();
            final var from = live.get(random.nextInt(live.size()));
            final var target = new NodeId(random.nextLong(), random.nextLong());
            final long started = System.nanoTime();
            from.lookup(target).whenComplete((result, failure) -> {
                if (failure != null) {
                    period.failed.incrementAndGet();
                } else {
                    period.nanos.add(System.nanoTime() - started);
                    period.found.add(new Found(from.id(), target, result.closest().stream().map(Contact::id)
                        .toList()));
                }
                slots.release();
            });
        }
        slots.acquire(IN_FLIGHT);
        final var ids = live.stream().map(KadNode::id).toList();
        for (var lookup : period.found) {
            // A node never returns itself.
            final var truth = ids.stream().filter(id -> !id.equals(lookup.asker()))
                .sorted(NodeId.byDistanceTo(lookup.target())).limit(10).toList();
            if (lookup.closest().equals(truth)) {
                period.exact++;
            }
        }
    }

    private static String cpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
