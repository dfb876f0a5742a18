/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.psp.erasure.CodingParameters;

/**
 * How the holders of an access node's chunks keep them available without the owner: how often each holder reports to
 * the data's coordinator, and when the coordinator repairs a stripe.
 *
 * @param interval how often a holder sends its heartbeat to the coordinator; a holder silent for two intervals
 *     counts as gone
 * @param repairMargin the coordinator repairs a stripe once it has at most m + this many live chunks; -1 for half
 *     the coding chunks, rounded up
 * @param repair whether coordinators repair at all (off only to watch a network erode)
 */
public record CoordinationSettings(Duration interval, int repairMargin, boolean repair) {
    /**
     * PSP's defaults: a heartbeat every five minutes, so that a lost holder is noticed within ten, well inside the
     * hour of storing time; repair at m + ⌈k/2⌉ live chunks.
     */
    public static final CoordinationSettings DEFAULTS = new CoordinationSettings(Duration.ofMinutes(5), -1, true);

    /**
     * Checks the settings.
     */
    public CoordinationSettings {
        requireNonNull(interval);
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("the coordinator update interval must be at least 100 ms, was "
                + interval);
        }
        if (repairMargin < -1) {
            throw new IllegalArgumentException("the repair margin must be -1 (half of k) or at least 0, was "
                + repairMargin);
        }
    }

    /**
     * Returns the number of live chunks at or below which a stripe is repaired.
     *
     * @param coding the stripe's m and k
     * @return the threshold, at least m and below m + k
     */
    public int repairThreshold(final CodingParameters coding) {
        final int margin = repairMargin < 0 ? (coding.codingChunks() + 1) / 2 : repairMargin;
        return coding.dataChunks() + Math.min(margin, coding.codingChunks() - 1);
    }

    /**
     * Returns these settings with another interval.
     *
     * @param newInterval how often holders report
     * @return the new settings
     */
    public CoordinationSettings withInterval(final Duration newInterval) {
        return new CoordinationSettings(newInterval, repairMargin, repair);
    }

    /**
     * Returns these settings with repair on or off.
     *
     * @param on whether coordinators repair
     * @return the new settings
     */
    public CoordinationSettings withRepair(final boolean on) {
        return new CoordinationSettings(interval, repairMargin, on);
    }
}
