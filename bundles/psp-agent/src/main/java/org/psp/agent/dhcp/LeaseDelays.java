/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures how long lease changes take to reach the overlay: from the moment the agent read a change from the lease
 * file to the end of the first store round that took its segment after the change was applied. While stores fail,
 * at most {@value #MAX_PENDING} changes per segment wait to be measured; older ones go unmeasured. Thread-safe.
 */
public final class LeaseDelays {
    /** The most changes of one segment that wait for a store to be measured. */
    public static final int MAX_PENDING = 65_536;

    private final Map<Integer, ArrayDeque<Change>> pending = new HashMap<>();
    private long[] delays = new long[1024];
    private int count;

    /** A change applied to a segment: when it was read, and when it was in the agent's memory. */
    private record Change(Instant read, Instant applied) {
    }

    /**
     * What the changes stored since the last summary waited.
     *
     * @param changes how many changes reached the overlay
     * @param median the median delay
     * @param p99 the 99th percentile
     * @param max the longest
     */
    public record Summary(int changes, Duration median, Duration p99, Duration max) {
    }

    /**
     * Notes a change applied to a segment.
     *
     * @param segment the segment it changed
     * @param read when the change was read
     * @param applied a moment after it was applied to the agent's memory
     */
    public synchronized void changed(final int segment, final Instant read, final Instant applied) {
        final var changes = pending.computeIfAbsent(segment, ignored -> new ArrayDeque<>());
        if (changes.size() == MAX_PENDING) {
            changes.poll();
        }
        changes.add(new Change(read, applied));
    }

    /**
     * Notes a store round that stored segments: the changes applied to them before the round took them are stored.
     *
     * @param segments the segments stored
     * @param takenAt a moment before the round took the segments' sessions
     * @param storedAt when the round ended
     */
    public synchronized void stored(final BitSet segments, final Instant takenAt, final Instant storedAt) {
        for (int segment = segments.nextSetBit(0); segment >= 0; segment = segments.nextSetBit(segment + 1)) {
            final var changes = pending.get(segment);
            while (changes != null && !changes.isEmpty() && !changes.peek().applied().isAfter(takenAt)) {
                add(Duration.between(changes.poll().read(), storedAt).toNanos());
            }
        }
    }

    /**
     * Returns what the changes stored since the last call waited, and starts afresh.
     *
     * @return the summary; zero changes if none was stored
     */
    public synchronized Summary takeSummary() {
        if (count == 0) {
            return new Summary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
        }
        final long[] sorted = Arrays.copyOf(delays, count);
        Arrays.sort(sorted);
        final var summary = new Summary(count, Duration.ofNanos(percentile(sorted, 50)),
            Duration.ofNanos(percentile(sorted, 99)), Duration.ofNanos(sorted[count - 1]));
        count = 0;
        return summary;
    }

    private void add(final long nanos) {
        if (count == delays.length) {
            delays = Arrays.copyOf(delays, count * 2);
        }
        delays[count++] = nanos;
    }

    /** The nearest-rank percentile. */
    private static long percentile(final long[] sorted, final int percent) {
        final int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
