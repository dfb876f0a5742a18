/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the session index adds to a lease change, end to end: a lease change applied to the owner's memory until its
 * segment is stored in the overlay ({@code leaseChange}) and until, with the index on, the session's records are on
 * their index nodes too ({@code leaseChangeFindable}). Each operation starts with the index idle.
 * Both runs in one JMH invocation, the index off (before) and on (after), on 32 agents on the loopback, 16 + 16, for
 * a renewal and for a new subscriber's session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class IndexUpkeepBenchmark {
    @Param({"off", "on"})
    public String index;

    /** A renewal (the most frequent change: every subscriber renews at half its lease) or a new subscriber. */
    @Param({"renewal", "new-session"})
    public String change;

    private AgentNetwork network;
    private final Random random = new Random(5);
    private int granted = 1_000_000;

    @Setup
    public void setUp() throws InterruptedException, ExecutionException, TimeoutException {
        network = new AgentNetwork(AgentBenchmark.AGENTS, IndexSettings.DEFAULTS.withEnabled(index.equals("on")));
        network.fill(1_000);
        waitForIndex();
    }

    @TearDown
    public void tearDown() {
        network.close();
    }

    /**
     * A lease change until its segment is stored in the overlay: what the index, updated beside the store, adds to it.
     *
     * @return the segments stored
     */
    @Benchmark
    public int leaseChange(final Idle idle) throws InterruptedException, ExecutionException, TimeoutException {
        change();
        return network.owner().storeChanges().get(10, TimeUnit.SECONDS);
    }

    /**
     * A lease change until its segment is stored and, with the index on, its session's records are on their index
     * nodes: how soon a search finds the change.
     *
     * @return the segments stored
     */
    @Benchmark
    public int leaseChangeFindable(final Idle idle) throws InterruptedException, ExecutionException,
            TimeoutException {
        change();
        final int stored = network.owner().storeChanges().get(10, TimeUnit.SECONDS);
        waitForIndex();
        return stored;
    }

    private void change() {
        final var owner = network.owner();
        if (change.equals("renewal")) {
            final var sessions = owner.memory().all();
            final var session = sessions.get(random.nextInt(sessions.size()));
            owner.memory().apply(new SessionEvent.Renewed(session.key(), session.leaseExpiry().plusSeconds(60)));
        } else {
            owner.memory().apply(new SessionEvent.Granted(SampleSessions.session(random, ++granted,
                Instant.now())));
        }
    }

    /** Waits, outside the measured time, until the index publications of the operation before are done. */
    @State(Scope.Thread)
    public static class Idle {
        @Setup(Level.Invocation)
        public void waitForIndex(final IndexUpkeepBenchmark benchmark) {
            benchmark.waitForIndex();
        }
    }

    void waitForIndex() {
        final var keeper = network.owner().index();
        while (!keeper.idle()) {
            LockSupport.parkNanos(20_000);
        }
    }
}
