/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One simulated minute of a churn run, a row of its time series.
 *
 * @param minute minutes since the measured time began, at the minute's end
 * @param live access nodes up at the minute's end
 * @param crashes access nodes that crashed in the minute
 * @param recovered recoveries in the minute that brought every session back
 * @param incomplete recoveries in the minute that did not
 * @param lookups lookups measured in the minute
 * @param found of them, those that found their target
 * @param meanHops their mean hops
 * @param latencyP50Millis their median latency
 * @param latencyP99Millis their 99th percentile of latency
 * @param messagesPerNode messages sent per live access node in the minute
 * @param bytesPerNode bytes sent per live access node in the minute
 */
public record MinuteSample(double minute, int live, int crashes, int recovered, int incomplete, int lookups,
        int found, double meanHops, double latencyP50Millis, double latencyP99Millis, double messagesPerNode,
        double bytesPerNode) {
    /** The CSV header of the time series. */
    public static final String CSV_HEADER = "minute,live_nodes,crashes,recoveries_complete,recoveries_incomplete,"
        + "lookups,lookups_found,mean_hops,lookup_p50_ms,lookup_p99_ms,messages_per_node,bytes_per_node";

    /**
     * Returns the sample as a CSV row.
     *
     * @return the row, without a line end
     */
    public String csv() {
        return String.format(Locale.ROOT, "%.2f,%d,%d,%d,%d,%d,%d,%.3f,%.3f,%.3f,%.1f,%.0f", minute, live, crashes,
            recovered, incomplete, lookups, found, meanHops, latencyP50Millis, latencyP99Millis, messagesPerNode,
            bytesPerNode);
    }

    /** Counts one minute at a time. */
    static final class Builder {
        private LatencyRecord lookups = new LatencyRecord();
        private int crashes;
        private int recovered;
        private int incomplete;
        private long messagesBefore;
        private long bytesBefore;

        void reset(final SimulatedAccessNetwork network) {
            lookups = new LatencyRecord();
            crashes = 0;
            recovered = 0;
            incomplete = 0;
            messagesBefore = network.network().traffic().messages();
            bytesBefore = network.network().traffic().bytes();
        }

        void crash() {
            crashes++;
        }

        void recovery(final SimulatedAccessNetwork.Recovery recovery) {
            if (recovery.complete()) {
                recovered++;
            } else {
                incomplete++;
            }
        }

        void lookup(final boolean found, final int hops, final long latencyNanos) {
            lookups.add(found, hops, latencyNanos);
        }

        MinuteSample take(final long sinceStartNanos, final SimulatedAccessNetwork network) {
            final var traffic = network.network().traffic();
            final int live = Math.max(1, network.live());
            final var sample = new MinuteSample((double) sinceStartNanos / TimeUnit.MINUTES.toNanos(1),
                network.live(), crashes, recovered, incomplete, lookups.count(), lookups.found(), lookups.meanHops(),
                lookups.percentileMillis(50), lookups.percentileMillis(99),
                (double) (traffic.messages() - messagesBefore) / live, (double) (traffic.bytes() - bytesBefore) / live);
            reset(network);
            return sample;
        }
    }
}
