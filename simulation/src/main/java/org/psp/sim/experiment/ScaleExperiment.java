/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentConfig;
import org.psp.agent.RecoveryReport;
import org.psp.agent.SampleSessions;
import org.psp.agent.SessionEvent;
import org.psp.kad.KadConfig;
import org.psp.sim.LinkModel;
import org.psp.sim.LookupScaleScenario;
import org.psp.sim.SimulatedAccessNetwork;
import org.psp.sim.SimulatedNetwork;

/**
 * The overlay from 100 to 10,000 access nodes: lookups and steady-state traffic per size, then the time one access
 * node takes to get its sessions back after a crash. For the recoveries, access node agents with PSP's defaults
 * (16 + 16, 200 sessions) join the overlay of that size, store, crash, and start again with an empty memory; the
 * overlay's other members hold their chunks.
 */
public final class ScaleExperiment {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final int SESSIONS = 200;

    /**
     * One size.
     *
     * @param lookups the lookups and traffic
     * @param recoveries recoveries measured
     * @param complete of them, those that got every session back
     * @param recoveryMeanSeconds the mean time from the start to every session back, in virtual seconds
     * @param recoveryMaxSeconds the longest
     */
    public record Row(LookupScaleScenario.Result lookups, int recoveries, int complete, double recoveryMeanSeconds,
            double recoveryMaxSeconds) {
        /** The CSV header of {@link #csv()}. */
        public static final String HEADER = "nodes,lookups,found,mean_hops,max_hops,latency_p50_ms,latency_p99_ms,"
            + "messages_per_node_minute,bytes_per_node_minute,recoveries,recoveries_complete,recovery_mean_s,"
            + "recovery_max_s";

        /**
         * Returns the CSV row.
         *
         * @return the row
         */
        public String csv() {
            final var result = lookups;
            return String.format(Locale.ROOT, "%d,%d,%d,%.3f,%d,%.2f,%.2f,%.2f,%.0f,%d,%d,%.3f,%.3f",
                result.nodes(), result.lookups(), result.found(), result.meanHops(), result.maxHops(),
                result.latencyP50Millis(), result.latencyP99Millis(), result.messagesPerNodeMinute(),
                result.bytesPerNodeMinute(), recoveries, complete, recoveryMeanSeconds, recoveryMaxSeconds);
        }
    }

    private ScaleExperiment() {
        // static only
    }

    /**
     * Runs every size.
     *
     * @param sizes the overlay sizes
     * @param recoveries access nodes recovering at each size
     * @param seed the seed
     * @param progress told the fraction done
     * @return one row per size
     */
    public static List<Row> run(final List<Integer> sizes, final int recoveries, final long seed,
            final DoubleConsumer progress) {
        final long total = sizes.stream().mapToLong(Integer::longValue).sum();
        long done = 0;
        final var rows = new ArrayList<Row>();
        for (int size : sizes) {
            final var times = new ArrayList<Optional<Double>>();
            final var result = LookupScaleScenario.run(size, LinkModel.accessNetwork(), seed,
                overlay -> times.addAll(recover(overlay, recoveries)));
            final var measured = times.stream().flatMap(Optional::stream).mapToDouble(Double::doubleValue)
                .summaryStatistics();
            rows.add(new Row(result, times.size(), (int) measured.getCount(),
                measured.getCount() == 0 ? Double.NaN : measured.getAverage(),
                measured.getCount() == 0 ? Double.NaN : measured.getMax()));
            done += size;
            progress.accept((double) done / total);
        }
        return rows;
    }

    /** Agents join, store, crash and recover one after the other; the time of each complete recovery. */
    private static List<Optional<Double>> recover(final LookupScaleScenario.Overlay overlay, final int count) {
        final var time = overlay.time();
        final int first = overlay.members().size();
        final var agents = new ArrayList<AccessNodeAgent>();
        for (int agent = 0; agent < count; agent++) {
            final var started = launch(overlay, first + agent);
            await(overlay, started.start(List.of(overlay.members().get(agent).contact().address())));
            SampleSessions.of(started.anId(), SESSIONS, time.instant())
                .forEach(session -> started.memory().apply(new SessionEvent.Granted(session)));
            agents.add(started);
        }
        final long deadline = time.nanoTime() + 30 * MINUTE;
        time.runWhile(() -> !agents.stream().allMatch(SimulatedAccessNetwork::storedEverything), deadline);
        final var times = new ArrayList<Optional<Double>>();
        for (int agent = 0; agent < count; agent++) {
            agents.get(agent).close();
            final var restarted = launch(overlay, first + agent);
            final long start = time.nanoTime();
            final Optional<RecoveryReport> report = await(overlay,
                restarted.start(List.of(overlay.members().get(count + agent).contact().address())));
            final boolean complete = report.filter(RecoveryReport::complete)
                .filter(found -> found.sessions() == SESSIONS).isPresent();
            times.add(complete ? Optional.of((time.nanoTime() - start) / 1e9) : Optional.empty());
            restarted.close();
        }
        return times;
    }

    private static AccessNodeAgent launch(final LookupScaleScenario.Overlay overlay, final int host) {
        final var kad = KadConfig.defaults(SimulatedAccessNetwork.anId(host),
            new InetSocketAddress(SimulatedNetwork.host(host), 0), SimulatedAccessNetwork.overlayKey());
        try {
            return new AccessNodeAgent(AgentConfig.defaults(kad), overlay.network(), Runnable::run, overlay.time());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(final LookupScaleScenario.Overlay overlay, final CompletableFuture<T> future) {
        overlay.time().runWhile(() -> !future.isDone(), overlay.time().nanoTime() + 10 * MINUTE);
        return future.join();
    }
}
