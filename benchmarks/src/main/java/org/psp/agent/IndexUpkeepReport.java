/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints what the session index adds to a lease change, end to end, as ratios against a baseline measured in the same
 * run: two networks of 32 agents on the loopback (16 + 16, 1,000 sessions), one with the index off and one with it on,
 * each lease change applied to both in turn (which one first, at random), so that what disturbs the machine
 * disturbs both alike. For each change, from the moment it is applied to the owner's memory: until its segment is
 * stored in the overlay ("stored") and until, with the index on, the session's records are on their index nodes too
 * ("findable"). Each change starts with both indexes idle. Renewals (the most frequent change: every subscriber
 * renews at half its lease) and new subscribers' sessions are measured apart.
 */
public final class IndexUpkeepReport {
    private static final int WARMUP = 300;
    private static final int MEASURED = 1_500;

    private final AgentNetwork off;
    private final AgentNetwork on;
    private final Random random = new Random(5);
    private int granted = 1_000_000;

    private IndexUpkeepReport(final AgentNetwork off, final AgentNetwork on) {
        this.off = off;
        this.on = on;
    }

    /**
     * Runs the measurement.
     *
     * @param args none
     * @throws Exception if a network fails
     */
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public static void main(final String[] args) throws InterruptedException, ExecutionException, TimeoutException {
        try (var off = new AgentNetwork(AgentBenchmark.AGENTS, IndexSettings.DEFAULTS.withEnabled(false));
             var on = new AgentNetwork(AgentBenchmark.AGENTS, IndexSettings.DEFAULTS)) {
            off.fill(1_000);
            on.fill(1_000);
            final var report = new IndexUpkeepReport(off, on);
            System.out.printf("%d agents, 16 + 16, 1,000 sessions; %d changes of each kind after %d for warm-up, "
                + "each on both networks%n", AgentBenchmark.AGENTS, MEASURED, WARMUP);
            System.out.println("                                 index off   index on    on / off   (p50, ms)");
            for (var renewal : new boolean[] {true, false}) {
                report.measure(renewal, WARMUP);
                final var times = report.measure(renewal, MEASURED);
                final var kind = renewal ? "renewal" : "new subscriber";
                print(kind + ", stored", times[0], times[1]);
                print(kind + ", findable", times[2], times[3]);
            }
        }
    }

    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    private static void print(final String what, final long[] baseline, final long[] indexed) {
        final double before = median(baseline);
        final double after = median(indexed);
        System.out.printf("  %-30s %8.2f   %8.2f   %8.2f%n", what, before, after, after / before);
    }

    private static double median(final long[] nanos) {
        final var sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    /** Returns the stored and findable times, off and on: {stored off, stored on, findable off, findable on}. */
    private long[][] measure(final boolean renewal, final int count) throws InterruptedException,
            ExecutionException, TimeoutException {
        final var times = new long[4][count];
        for (int i = 0; i < count; i++) {
            final boolean offFirst = random.nextBoolean();
            for (var indexed : offFirst ? new boolean[] {false, true} : new boolean[] {true, false}) {
                final var network = indexed ? on : off;
                final var owner = network.owner();
                waitForIndex(owner);
                final long start = System.nanoTime();
                change(owner, renewal);
                owner.storeChanges().get(10, TimeUnit.SECONDS);
                final long stored = System.nanoTime();
                waitForIndex(owner);
                final long findable = System.nanoTime();
                times[indexed ? 1 : 0][i] = stored - start;
                times[indexed ? 3 : 2][i] = findable - start;
            }
        }
        return times;
    }

    private void change(final AccessNodeAgent owner, final boolean renewal) {
        if (renewal) {
            final var sessions = owner.memory().all();
            final var session = sessions.get(random.nextInt(sessions.size()));
            owner.memory().apply(new SessionEvent.Renewed(session.key(), session.leaseExpiry().plusSeconds(60)));
        } else {
            owner.memory().apply(new SessionEvent.Granted(SampleSessions.session(random, ++granted, Instant.now())));
        }
    }

    private static void waitForIndex(final AccessNodeAgent owner) {
        while (!owner.index().idle()) {
            LockSupport.parkNanos(20_000);
        }
    }
}
