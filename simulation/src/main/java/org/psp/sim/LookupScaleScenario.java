/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.psp.kad.KadConfig;
import org.psp.kad.KadNode;
import org.psp.kad.MemoryValueStore;
import org.psp.kad.NodeId;

/**
 * The overlay alone at a size: N of PSP's Kad nodes join one after the other, then run in steady state for two
 * maintenance intervals (31 minutes), while the messages they exchange are counted; then random nodes look up random
 * other nodes' ids, and the hops, latency and exactness of those lookups are measured.
 */
public final class LookupScaleScenario {
    /** Lookups measured per size. */
    static final int LOOKUPS = 1000;
    /** Two maintenance intervals and a minute: each bucket a join touched is refreshed once in it. */
    private static final Duration STEADY = Duration.ofMinutes(31);

    /**
     * What one size showed.
     *
     * @param nodes overlay nodes
     * @param lookups lookups measured
     * @param found of them, those whose closest contact was the node looked up
     * @param meanHops the mean hops of a lookup
     * @param maxHops the most hops a lookup took
     * @param latencyP50Millis the median latency
     * @param latencyP99Millis the 99th percentile of latency
     * @param messagesPerNodeMinute messages sent per node and minute in steady state
     * @param bytesPerNodeMinute bytes sent per node and minute in steady state
     * @param events tasks run in virtual time
     * @param wallTime how long the size took
     * @param digest the digest of the run's trace
     */
    public record Result(int nodes, int lookups, int found, double meanHops, int maxHops, double latencyP50Millis,
            double latencyP99Millis, double messagesPerNodeMinute, double bytesPerNodeMinute, long events,
            Duration wallTime, String digest) {
        /** The header of {@link #row()}. */
        public static final String HEADER = "nodes,lookups,found,mean_hops,max_hops,latency_p50_ms,latency_p99_ms,"
            + "messages_per_node_minute,bytes_per_node_minute,events,wall_s,digest";

        /**
         * Returns the result as a CSV row.
         *
         * @return the row
         */
        public String row() {
            return String.format(Locale.ROOT, "%d,%d,%d,%.2f,%d,%.2f,%.2f,%.2f,%.0f,%d,%.1f,%s", nodes, lookups,
                found, meanHops, maxHops, latencyP50Millis, latencyP99Millis, messagesPerNodeMinute,
                bytesPerNodeMinute, events,
                wallTime.toNanos() / 1e9, digest);
        }
    }

    private LookupScaleScenario() {
        // static only
    }

    /**
     * Starts overlay nodes on hosts 0 to {@code nodes - 1}, ten joins a second, each through a random earlier node
     * (it looks up its own id and refreshes its buckets), then lets a minute pass.
     *
     * @param nodes how many
     * @param network the network
     * @param time the virtual time
     * @param random picks the bootstrap node
     * @param joined told the fraction of the nodes started
     * @return the nodes
     */
    static List<KadNode> join(final int nodes, final SimulatedNetwork network, final VirtualTime time,
            final SplittableRandom random, final DoubleConsumer joined) {
        final var members = new ArrayList<KadNode>(nodes);
        final long joinGap = TimeUnit.MILLISECONDS.toNanos(100);
        for (int index = 0; index < nodes; index++) {
            final var config = KadConfig.defaults(SimulatedAccessNetwork.anId(index),
                new InetSocketAddress(SimulatedNetwork.host(index), 0), SimulatedAccessNetwork.OVERLAY_KEY);
            final KadNode node;
            try {
                node = KadNode.start(config, network, new MemoryValueStore(1 << 20), time);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            final List<InetSocketAddress> bootstrap = members.isEmpty() ? List.of()
                : List.of(members.get(random.nextInt(members.size())).contact().address());
            members.add(node);
            node.join(bootstrap);
            time.runUntil(time.nanoTime() + joinGap);
            joined.accept((double) index / nodes);
        }
        time.runUntil(time.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        return members;
    }

    /**
     * The overlay of one size, after its lookups: its nodes, network and time.
     *
     * @param members the overlay nodes, on hosts 0 to their count - 1
     * @param network the simulated network
     * @param time the virtual time
     */
    public record Overlay(List<KadNode> members, SimulatedNetwork network, VirtualTime time) {
        /**
         * Keeps the members.
         */
        public Overlay {
            members = List.copyOf(members);
        }
    }

    /**
     * Runs one size.
     *
     * @param nodes how many nodes
     * @param links the links
     * @param seed the seed
     * @return what it showed
     */
    public static Result run(final int nodes, final LinkModel links, final long seed) {
        return run(nodes, links, seed, overlay -> { });
    }

    /**
     * Runs one size, then more on the same overlay before it closes.
     *
     * @param nodes how many nodes
     * @param links the links
     * @param seed the seed
     * @param alsoRun given the overlay after the lookups
     * @return what the lookups showed
     */
    public static Result run(final int nodes, final LinkModel links, final long seed,
            final Consumer<Overlay> alsoRun) {
        if (nodes < 2) {
            throw new IllegalArgumentException("at least 2 nodes, was " + nodes);
        }
        final long wallStart = System.nanoTime();
        final var trace = new TraceDigest();
        final var time = new VirtualTime(trace);
        final var network = new SimulatedNetwork(time, trace, links, seed);
        final var random = new SplittableRandom(seed);
        final var members = join(nodes, network, time, random, fraction -> { });
        final long messagesBefore = network.traffic().messages();
        final long bytesBefore = network.traffic().bytes();
        time.runUntil(time.nanoTime() + STEADY.toNanos());
        final double perNodeMinute = (double) (network.traffic().messages() - messagesBefore) / nodes
            / STEADY.toMinutes();
        final double bytesPerNodeMinute = (double) (network.traffic().bytes() - bytesBefore) / nodes
            / STEADY.toMinutes();
        final var record = new LatencyRecord();
        final int[] maxHops = {0};
        final var lookups = new ArrayList<CompletableFuture<?>>();
        for (int lookup = 0; lookup < LOOKUPS; lookup++) {
            final int askerIndex = random.nextInt(nodes);
            // Another node: a node's own lookup never lists itself.
            final int targetIndex = (askerIndex + 1 + random.nextInt(nodes - 1)) % nodes;
            final var asker = members.get(askerIndex);
            final NodeId target = members.get(targetIndex).id();
            final long started = time.nanoTime();
            lookups.add(asker.lookup(target).whenComplete((result, failure) -> {
                final boolean found = failure == null && !result.closest().isEmpty()
                    && result.closest().get(0).id().equals(target);
                final int hops = failure == null ? result.hops() : -1;
                maxHops[0] = Math.max(maxHops[0], hops);
                record.add(found, hops, time.nanoTime() - started);
            }));
            time.runUntil(time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
        }
        time.runWhile(() -> !lookups.stream().allMatch(CompletableFuture::isDone),
            time.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        alsoRun.accept(new Overlay(members, network, time));
        members.forEach(KadNode::close);
        return new Result(nodes, record.count(), record.found(), record.meanHops(), maxHops[0],
            record.percentileMillis(50), record.percentileMillis(99), perNodeMinute, bytesPerNodeMinute,
            time.executed(),
            Duration.ofNanos(System.nanoTime() - wallStart), trace.value());
    }
}
