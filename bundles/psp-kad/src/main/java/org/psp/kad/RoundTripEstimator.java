/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Request timeouts from measured round trips, as TCP computes its retransmission timeout: smoothed round-trip time
 * plus four times its mean deviation, within bounds. Thread-safe.
 */
final class RoundTripEstimator {
    static final long SOFT_FLOOR_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final long minNanos;
    private final long maxNanos;
    private double smoothed = -1;
    private double deviation;

    RoundTripEstimator(final Duration min, final Duration max) {
        minNanos = min.toNanos();
        maxNanos = max.toNanos();
    }

    synchronized void sample(final long nanos) {
        if (smoothed < 0) {
            smoothed = nanos;
            deviation = nanos / 2.0;
        } else {
            deviation = 0.75 * deviation + 0.25 * Math.abs(smoothed - nanos);
            smoothed = 0.875 * smoothed + 0.125 * nanos;
        }
    }

    /**
     * The time after which a lookup stops waiting for one request alone: the measured round trip plus four
     * deviations, without the floor of the request timeout, at least {@link #SOFT_FLOOR_NANOS}.
     */
    synchronized long softTimeoutNanos() {
        if (smoothed < 0) {
            return maxNanos;
        }
        return Math.max(SOFT_FLOOR_NANOS, Math.min(timeoutNanos(), (long) (smoothed + 4 * deviation)));
    }

    synchronized long timeoutNanos() {
        if (smoothed < 0) {
            return maxNanos;
        }
        return Math.max(minNanos, Math.min(maxNanos, (long) (smoothed + 4 * deviation)));
    }
}
