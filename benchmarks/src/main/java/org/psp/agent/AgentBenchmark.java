/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An access node with 10,000 sessions among 32 agents on loopback (16 + 16 coding, 16 segments): one lease change
 * stored end to end (new generation, manifest, old generation deleted), the full set stored, and a crash followed
 * by a restart with empty memory until every session is back (join and recovery).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class AgentBenchmark {
    static final int AGENTS = 32;
    static final int SESSIONS = 10_000;

    private AgentNetwork network;
    private final Random random = new Random(3);

    @Setup
    public void setUp() throws InterruptedException, ExecutionException, TimeoutException {
        network = new AgentNetwork(AGENTS);
        network.fill(SESSIONS);
    }

    @TearDown
    public void tearDown() {
        network.close();
    }

    @Benchmark
    public int leaseChange() throws InterruptedException, ExecutionException, TimeoutException {
        final var owner = network.owner();
        final var sessions = owner.memory().all();
        final var session = sessions.get(random.nextInt(sessions.size()));
        owner.memory().apply(new SessionEvent.Renewed(session.key(), session.leaseExpiry().plusSeconds(60)));
        return owner.storeChanges().get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    public int storeFullSet() throws InterruptedException, ExecutionException, TimeoutException {
        final var owner = network.owner();
        final var all = new BitSet();
        all.set(0, owner.memory().segmentCount());
        owner.memory().markDirty(all);
        return owner.storeChanges().get(60, TimeUnit.SECONDS);
    }

    /** The owner, crashed and created again with empty memory before each restart. */
    @State(Scope.Thread)
    public static class Crashed {
        AccessNodeAgent owner;

        @Setup(Level.Invocation)
        public void crash(final AgentBenchmark benchmark) throws InterruptedException {
            owner = benchmark.network.crashOwner();
        }
    }

    @Benchmark
    public RecoveryReport restartAndRecover(final Crashed crashed) throws InterruptedException, ExecutionException,
            TimeoutException {
        final var report = crashed.owner.start(network.bootstrap()).get(60, TimeUnit.SECONDS).orElseThrow();
        if (!report.complete() || report.sessions() != SESSIONS) {
            throw new IllegalStateException("recovery incomplete: " + report);
        }
        return report;
    }
}
