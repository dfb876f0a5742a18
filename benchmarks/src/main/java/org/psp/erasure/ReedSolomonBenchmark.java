/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reed-Solomon encode and reconstruct throughput on one thread. Reconstruct restores as many data shards as the code
 * allows (min(m, k)): the most decoding a recovery can need.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
public class ReedSolomonBenchmark {
    @Param({"16+16", "10+4", "17+3", "4+2"})
    public String coding;

    @Param({"65536", "1048576"})
    public int objectSize;

    /**
     * {@code vector} (the width the kernel chooses), {@code vector-128}, {@code -256}, {@code -512}, {@code scalar}.
     */
    @Param({"vector", "scalar"})
    public String kernel;

    private ReedSolomon codec;
    private byte[][] shards;
    private byte[][] damaged;
    private boolean[] present;
    private int shardLength;

    @Setup
    public void setUp() {
        final var parts = coding.split("\\+");
        final var parameters = new CodingParameters(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        if (kernel.startsWith("vector-")) {
            // Read when the kernel class loads: each parameter set runs in a JVM of its own.
            System.setProperty(VectorGfKernel.WIDTH_PROPERTY, kernel.substring("vector-".length()));
        }
        codec = new ReedSolomon(parameters, "scalar".equals(kernel) ? ScalarGfKernel.INSTANCE : GfKernels.best());
        if (!codec.kernelName().startsWith(kernel)) {
            throw new IllegalStateException("asked for the " + kernel + " kernel, got " + codec.kernelName());
        }
        final int m = parameters.dataChunks();
        shardLength = ChunkHeader.chunkLengthOf(objectSize, m);
        shards = new byte[parameters.totalChunks()][shardLength];
        final var random = new Random(42);
        for (int i = 0; i < m; i++) {
            random.nextBytes(shards[i]);
        }
        codec.encode(shards);
        present = new boolean[parameters.totalChunks()];
        final int lost = Math.min(m, parameters.codingChunks());
        for (int i = lost; i < present.length; i++) {
            present[i] = true;
        }
        damaged = shards.clone();
        for (int i = 0; i < lost; i++) {
            damaged[i] = new byte[shardLength];
        }
    }

    @Benchmark
    public byte[][] encode() {
        codec.encode(shards);
        return shards;
    }

    @Benchmark
    public byte[][] reconstruct() throws UnrecoverableStripeException {
        codec.reconstruct(damaged, present);
        return damaged;
    }
}
