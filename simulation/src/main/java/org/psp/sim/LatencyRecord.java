/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.util.Arrays;

/** Lookups measured: how many found their target, their hops and their latencies. */
final class LatencyRecord {
    private long[] latencies = new long[64];
    private int count;
    private int found;
    private long hops;
    private final long[] hopHistogram = new long[12];

    void add(final boolean hit, final int lookupHops, final long latencyNanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latencyNanos;
        if (hit) {
            found++;
        }
        if (lookupHops >= 0) {
            hops += lookupHops;
            hopHistogram[Math.min(lookupHops, hopHistogram.length - 1)]++;
        }
    }

    int count() {
        return count;
    }

    int found() {
        return found;
    }

    double meanHops() {
        return count == 0 ? 0 : (double) hops / count;
    }

    long[] hopHistogram() {
        return hopHistogram.clone();
    }

    /** Returns a percentile of the latencies, in milliseconds; 0 if none. */
    double percentileMillis(final double percentile) {
        if (count == 0) {
            return 0;
        }
        final long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        final int index = (int) Math.min(count - 1, Math.ceil(percentile / 100 * count) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
