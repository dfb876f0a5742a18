/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.util.concurrent.TimeUnit;

/**
 * The links of a simulated network.
 *
 * @param minAccessNanos the least access delay of a host
 * @param maxAccessNanos the greatest access delay of a host
 * @param jitterNanos the mean of the exponential jitter added to every message
 * @param loss the probability that a datagram is lost, 0 to 1
 * @param bandwidthBitsPerSecond the bandwidth a stream transfer gets
 */
public record LinkModel(long minAccessNanos, long maxAccessNanos, long jitterNanos, double loss,
        double bandwidthBitsPerSecond) {
    /**
     * Checks the model.
     */
    public LinkModel {
        if (minAccessNanos < 0 || maxAccessNanos < minAccessNanos || jitterNanos < 0) {
            throw new IllegalArgumentException("delays must be 0 <= min <= max, jitter >= 0");
        }
        if (!(loss >= 0 && loss < 1)) {
            throw new IllegalArgumentException("loss must be 0 to below 1, was " + loss);
        }
        if (!(bandwidthBitsPerSecond > 0)) {
            throw new IllegalArgumentException("bandwidth must be positive");
        }
    }

    /**
     * Returns an ISP's access network: hosts 0.25 to 2.5 ms from the aggregation (so 0.5 to 5 ms one way between two
     * access nodes), 0.1 ms of mean jitter, no loss, 100 Mbit/s per transfer.
     *
     * @return the model
     */
    public static LinkModel accessNetwork() {
        return new LinkModel(TimeUnit.MICROSECONDS.toNanos(250), TimeUnit.MICROSECONDS.toNanos(2500),
            TimeUnit.MICROSECONDS.toNanos(100), 0, 100e6);
    }

    /**
     * Returns this model with another datagram loss.
     *
     * @param newLoss the probability that a datagram is lost
     * @return the new model
     */
    public LinkModel withLoss(final double newLoss) {
        return new LinkModel(minAccessNanos, maxAccessNanos, jitterNanos, newLoss, bandwidthBitsPerSecond);
    }
}
