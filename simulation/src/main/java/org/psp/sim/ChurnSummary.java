/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a churn run showed, over its measured time.
 *
 * @param settings what it was given
 * @param digest the digest of its whole trace: equal for equal settings and seed
 * @param events tasks run in virtual time, warm-up included
 * @param wallTime how long it took
 * @param measuredWallTime how long the measured hours took of it, after the nodes joined and stored
 * @param crashes access nodes that crashed
 * @param recoveriesComplete restarted nodes that recovered every session
 * @param incomplete the recoveries that did not, each with what it found
 * @param stillDown nodes down at the end (crashed within the downtime of the end)
 * @param lookups lookups measured
 * @param lookupsFound of them, those that found their target
 * @param hopHistogram lookups by hops (the last bucket: that many or more)
 * @param latencyP50Millis the lookups' median latency
 * @param latencyP90Millis their latency's 90th percentile
 * @param latencyP99Millis their latency's 99th percentile
 * @param messagesPerNodeMinute messages sent per live access node and minute
 * @param bytesPerNodeMinute bytes sent per live access node and minute
 * @param datagramsLost datagrams the links lost
 * @param messagesPerNodeMinuteByType the messages per live access node and minute by type, most first
 * @param bytesPerNodeMinuteByType the bytes per live access node and minute by type, most first
 */
public record ChurnSummary(ChurnScenario.Settings settings, String digest, long events, Duration wallTime,
        Duration measuredWallTime,
        int crashes, int recoveriesComplete, List<SimulatedAccessNetwork.Recovery> incomplete, int stillDown,
        int lookups, int lookupsFound, List<Long> hopHistogram, double latencyP50Millis, double latencyP90Millis,
        double latencyP99Millis, double messagesPerNodeMinute,
        double bytesPerNodeMinute, long datagramsLost, Map<String, Double> messagesPerNodeMinuteByType,
        Map<String, Double> bytesPerNodeMinuteByType) {
    /**
     * Tells whether every restarted node got all its sessions back.
     *
     * @return true if no data was lost
     */
    public boolean noDataLost() {
        return incomplete.isEmpty();
    }

    /**
     * Returns the summary as an operator reads it.
     *
     * @return lines of text
     */
    public String text() {
        final var out = new StringBuilder();
        final double wall = wallTime.toNanos() / 1e9;
        out.append(String.format(Locale.ROOT, "%d access nodes, %d sessions each, %d + %d coding, churn %.0f %%/h, "
            + "downtime %.1f min, %.2f h measured, seed %d%n", settings.nodes(), settings.sessions(),
            settings.coding().dataChunks(), settings.coding().codingChunks(), settings.churnPerHour() * 100,
            settings.downtime().toMillis() / 60_000.0, settings.measured().toMillis() / 3_600_000.0,
            settings.seed()));
        out.append(String.format(Locale.ROOT, "run:        %,d events in %.1f s of wall time (%,.0f events/s): "
            + "%.1f s to join and store, %.1f s for the measured hours; trace digest %s%n", events, wall,
            events / Math.max(wall, 1e-9), wall - measuredWallTime.toNanos() / 1e9, measuredWallTime.toNanos() / 1e9,
            digest));
        out.append(String.format(Locale.ROOT, "churn:      %d crashes, %d recoveries complete, %d incomplete, "
            + "%d nodes still down at the end%n", crashes, recoveriesComplete, incomplete.size(), stillDown));
        out.append(String.format(Locale.ROOT, "data:       %s%n", noDataLost() ? "no session lost"
            : incomplete.size() + " restarted nodes did not get every session back: " + incomplete.stream()
                .limit(5).map(recovery -> SimulatedAccessNetwork.anId(recovery.node()) + " "
                    + recovery.report().map(found -> found.outcome() + " " + found.sessions() + "/"
                        + recovery.expected()).orElse("did not start")).toList()));
        out.append(String.format(Locale.ROOT, "lookups:    %d, %.2f %% found their target; latency p50 %.1f ms, "
            + "p90 %.1f ms, p99 %.1f ms%n", lookups, lookups == 0 ? 0 : 100.0 * lookupsFound / lookups,
            latencyP50Millis, latencyP90Millis, latencyP99Millis));
        final var hops = new ArrayList<String>();
        for (int hop = 0; hop < hopHistogram.size(); hop++) {
            if (hopHistogram.get(hop) > 0) {
                hops.add((hop == hopHistogram.size() - 1 ? hop + "+" : hop) + ": " + hopHistogram.get(hop));
            }
        }
        out.append("hops:       ").append(String.join(", ", hops)).append(System.lineSeparator());
        out.append(String.format(Locale.ROOT, "traffic:    %.1f messages and %.1f kB per access node per minute, "
            + "%d datagrams lost%n", messagesPerNodeMinute, bytesPerNodeMinute / 1000, datagramsLost));
        out.append("by type:    ").append(String.join(", ", messagesPerNodeMinuteByType.entrySet().stream()
            .map(type -> String.format(Locale.ROOT, "%s %.1f", type.getKey(), type.getValue())).toList()))
            .append(System.lineSeparator());
        out.append("kB by type: ").append(String.join(", ", bytesPerNodeMinuteByType.entrySet().stream()
            .map(type -> String.format(Locale.ROOT, "%s %.1f", type.getKey(), type.getValue() / 1000)).toList()))
            .append(System.lineSeparator());
        return out.toString();
    }

    /** Counts over the measured time. */
    static final class Builder {
        private final LatencyRecord lookups = new LatencyRecord();
        private final List<SimulatedAccessNetwork.Recovery> incomplete = new ArrayList<>();
        private int crashes;
        private int complete;
        private long messagesBefore;
        private long bytesBefore;
        private Map<String, Long> messagesByTypeBefore = Map.of();
        private Map<String, Long> bytesByTypeBefore = Map.of();
        private long startNanos;
        private long startWallNanos;
        private boolean started;

        void start(final SimulatedAccessNetwork network) {
            started = true;
            startNanos = network.time().nanoTime();
            startWallNanos = System.nanoTime();
            messagesBefore = network.network().traffic().messages();
            bytesBefore = network.network().traffic().bytes();
            messagesByTypeBefore = network.network().traffic().messagesByType();
            bytesByTypeBefore = network.network().traffic().bytesByType();
        }

        void crash() {
            crashes++;
        }

        void recovery(final SimulatedAccessNetwork.Recovery recovery) {
            if (!started) {
                return;
            }
            if (recovery.complete()) {
                complete++;
            } else {
                incomplete.add(recovery);
            }
        }

        void lookup(final boolean found, final int hops, final long latencyNanos) {
            lookups.add(found, hops, latencyNanos);
        }

        ChurnSummary build(final ChurnScenario.Settings settings, final SimulatedAccessNetwork network,
                final List<MinuteSample> samples, final Duration wallTime) {
            final var traffic = network.network().traffic();
            final double minutes = Math.max(1e-9,
                (double) (network.time().nanoTime() - startNanos) / TimeUnit.MINUTES.toNanos(1));
            final double meanLive = samples.stream().mapToInt(MinuteSample::live).average().orElse(network.live());
            final double nodeMinutes = Math.max(1, meanLive) * minutes;
            return new ChurnSummary(settings, network.digest(), network.time().executed(), wallTime,
                Duration.ofNanos(started ? System.nanoTime() - startWallNanos : 0), crashes,
                complete, List.copyOf(incomplete), network.size() - network.live(), lookups.count(), lookups.found(),
                Arrays.stream(lookups.hopHistogram()).boxed().toList(), lookups.percentileMillis(50),
                lookups.percentileMillis(90), lookups.percentileMillis(99),
                (traffic.messages() - messagesBefore) / nodeMinutes,
                (traffic.bytes() - bytesBefore) / nodeMinutes, traffic.lost(),
                perNodeMinute(traffic.messagesByType(), messagesByTypeBefore, nodeMinutes),
                perNodeMinute(traffic.bytesByType(), bytesByTypeBefore, nodeMinutes));
        }

        private static Map<String, Double> perNodeMinute(final Map<String, Long> byType,
                final Map<String, Long> before, final double nodeMinutes) {
            final var rates = new LinkedHashMap<String, Double>();
            byType.entrySet().stream()
                .map(type -> Map.entry(type.getKey(), type.getValue() - before.getOrDefault(type.getKey(), 0L)))
                .filter(type -> type.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(type -> rates.put(type.getKey(), type.getValue() / nodeMinutes));
            return rates;
        }
    }
}
