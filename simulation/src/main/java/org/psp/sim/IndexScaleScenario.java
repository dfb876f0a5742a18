/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.psp.agent.IndexKey;
import org.psp.agent.IndexSettings;
import org.psp.agent.SampleSessions;
import org.psp.agent.Session;
import org.psp.agent.SessionEvent;
import org.psp.agent.SessionIndex;
import org.psp.agent.SessionMemory;
import org.psp.kad.KadNode;

/**
 * The session index at scale: N access nodes join the overlay, each publishes its sessions in the index with PSP's
 * own {@link SessionIndex} (every keyword of every session: IPv4, IPv6, IPv6 /64, MAC, circuit-id), then operators'
 * searches from random nodes look up random keywords of random sessions with {@link SessionIndex#find}. The nodes
 * are the overlay's production {@link KadNode}s; chunk storage, which the index does not touch, is left out so that
 * 10,000 nodes fit in one run.
 */
public final class IndexScaleScenario {
    /** Searches measured. */
    static final int SEARCHES = 1000;
    /**
     * Over how long the nodes publish their sessions, one after another, as after a power cut of the network: within
     * the records' storing time (an hour and a minute), so that all are held when the searches start.
     */
    private static final Duration PUBLISH_WINDOW = Duration.ofMinutes(30);

    /**
     * What the run showed.
     *
     * @param nodes access nodes
     * @param sessions sessions per node
     * @param records index records published (one per keyword of each session)
     * @param publishMessagesPerNode messages sent per node while the index was built, for its own publications and
     *     answering the others'
     * @param publishBytesPerNode bytes of those messages
     * @param heldPerNode index records held per node, mean
     * @param searches searches measured
     * @param found of them, those that named the access node serving the session
     * @param meanHops the searches' mean lookup hops
     * @param maxHops the most hops of one
     * @param latencyP50Millis the median search latency
     * @param latencyP99Millis the 99th percentile
     * @param events tasks run in virtual time
     * @param wallTime how long the run took
     * @param heapBytesPerNode heap in use after the run, after a garbage collection, per node
     * @param digest the digest of the run's trace
     */
    public record Result(int nodes, int sessions, long records, double publishMessagesPerNode,
            double publishBytesPerNode, double heldPerNode, int searches, int found, double meanHops, int maxHops,
            double latencyP50Millis, double latencyP99Millis, long events, Duration wallTime, long heapBytesPerNode,
            String digest) {
        /** The header of {@link #row()}. */
        public static final String HEADER = "nodes,sessions_per_node,records,publish_messages_per_node,"
            + "publish_bytes_per_node,records_held_per_node,searches,found,mean_hops,max_hops,latency_p50_ms,"
            + "latency_p99_ms,events,wall_s,heap_bytes_per_node,digest";

        /**
         * Returns the result as a CSV row.
         *
         * @return the row
         */
        public String row() {
            return String.format(Locale.ROOT, "%d,%d,%d,%.1f,%.0f,%.1f,%d,%d,%.2f,%d,%.2f,%.2f,%d,%.1f,%d,%s", nodes,
                sessions, records, publishMessagesPerNode, publishBytesPerNode, heldPerNode, searches, found,
                meanHops, maxHops, latencyP50Millis, latencyP99Millis, events, wallTime.toNanos() / 1e9,
                heapBytesPerNode, digest);
        }
    }

    private IndexScaleScenario() {
        // static only
    }

    /**
     * Runs the scenario.
     *
     * @param nodes how many access nodes
     * @param sessionsPerNode how many sessions each serves
     * @param links the links
     * @param seed the seed
     * @param progress told the fraction done, from 0 to 1
     * @return what it showed
     */
    public static Result run(final int nodes, final int sessionsPerNode, final LinkModel links, final long seed,
            final Consumer<Double> progress) {
        if (nodes < 2) {
            throw new IllegalArgumentException("at least 2 nodes, was " + nodes);
        }
        final long wallStart = System.nanoTime();
        final var trace = new TraceDigest();
        final var time = new VirtualTime(trace);
        final var network = new SimulatedNetwork(time, trace, links, seed);
        final var random = new SplittableRandom(seed);
        final var members = LookupScaleScenario.join(nodes, network, time, random,
            joined -> progress.accept(0.3 * joined));

        final var now = Instant.ofEpochMilli(time.millis());
        final var sessions = new ArrayList<List<Session>>(nodes);
        final var indexes = new ArrayList<SessionIndex>(nodes);
        final long messagesBefore = network.traffic().messages();
        final long bytesBefore = network.traffic().bytes();
        long records = 0;
        final long gap = PUBLISH_WINDOW.toNanos() / nodes;
        for (int index = 0; index < nodes; index++) {
            final var anId = SimulatedAccessNetwork.anId(index);
            final var memory = new SessionMemory(16);
            final var own = SampleSessions.of(anId, sessionsPerNode, now);
            own.forEach(session -> memory.apply(new SessionEvent.Granted(session)));
            sessions.add(own);
            records += own.stream().mapToInt(session -> IndexKey.of(session).size()).sum();
            final var keeper = new SessionIndex(anId, members.get(index), memory, Map::of, IndexSettings.DEFAULTS);
            indexes.add(keeper);
            final var all = new BitSet();
            all.set(0, memory.segmentCount());
            keeper.syncSessions(all);
            time.runUntil(time.nanoTime() + gap);
            progress.accept(0.3 + 0.5 * index / nodes);
        }
        time.runWhile(() -> !indexes.stream().allMatch(SessionIndex::idle),
            time.nanoTime() + TimeUnit.HOURS.toNanos(1));
        final double messagesPerNode = (double) (network.traffic().messages() - messagesBefore) / nodes;
        final double bytesPerNode = (double) (network.traffic().bytes() - bytesBefore) / nodes;
        final double held = members.stream().mapToLong(node -> node.index().table().size()).sum() / (double) nodes;

        final var record = new LatencyRecord();
        final int[] maxHops = {0};
        final var searches = new ArrayList<CompletableFuture<?>>();
        for (int search = 0; search < SEARCHES; search++) {
            final var asker = members.get(random.nextInt(nodes));
            final var at = Instant.ofEpochMilli(time.millis());
            int ownerIndex;
            Session session;
            do {
                // A session whose lease still runs: one that ran out is rightly not found now.
                ownerIndex = random.nextInt(nodes);
                session = sessions.get(ownerIndex).get(random.nextInt(sessionsPerNode));
            } while (!session.leaseExpiry().isAfter(at));
            final var owner = SimulatedAccessNetwork.anId(ownerIndex);
            final var sought = session;
            final var keys = IndexKey.of(sought);
            final var key = keys.get(random.nextInt(keys.size()));
            final long started = time.nanoTime();
            searches.add(SessionIndex.find(asker, key, at, IndexSettings.DEFAULTS)
                .whenComplete((found, failure) -> {
                    final boolean hit = failure == null && found.sessions().stream().anyMatch(location ->
                        location.anId().equals(owner) && location.mac().equals(sought.mac()));
                    final int hops = failure == null ? found.hops() : -1;
                    maxHops[0] = Math.max(maxHops[0], hops);
                    record.add(hit, hops, time.nanoTime() - started);
                }));
            time.runUntil(time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50));
            progress.accept(0.8 + 0.2 * search / SEARCHES);
        }
        time.runWhile(() -> !searches.stream().allMatch(CompletableFuture::isDone),
            time.nanoTime() + TimeUnit.MINUTES.toNanos(1));
        // What the nodes hold, not the garbage of the run.
        final var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        final long heap = memory.getHeapMemoryUsage().getUsed() / nodes;
        members.forEach(KadNode::close);
        progress.accept(1.0);
        return new Result(nodes, sessionsPerNode, records, messagesPerNode, bytesPerNode, held, record.count(),
            record.found(), record.meanHops(), maxHops[0], record.percentileMillis(50), record.percentileMillis(99),
            time.executed(), Duration.ofNanos(System.nanoTime() - wallStart), heap, trace.value());
    }
}
