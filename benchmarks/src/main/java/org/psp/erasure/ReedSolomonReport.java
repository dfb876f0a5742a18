/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.incubator.vector.ByteVector;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ReedSolomonBenchmark} for every vector width this CPU has and for the scalar kernel, and prints MB/s of
 * data. The scalar kernel is the baseline: one lookup in a 256-entry product table per byte and coefficient, output
 * by output, the loop of table-driven Java codecs such as Backblaze's JavaReedSolomon; each vector width is shown
 * with its speed-up over that baseline, measured in the same run, and the width the kernel chooses on this CPU is
 * marked. On an x86 CPU with AVX-512 the chosen kernel is also measured as it runs on a CPU with AVX2 only (in a JVM
 * started with {@code -XX:UseAVX=2}: 128-bit vectors, 16 vector registers), on this CPU's cores. JMH command-line
 * options (say {@code -f 2} or {@code -p coding=16+16}) pass through.
 */
public final class ReedSolomonReport {
    private static final String AVX2 = "avx2";

    private ReedSolomonReport() {
        // main only
    }

    /**
     * Runs the benchmarks.
     *
     * @param args JMH options
     * @throws RunnerException if JMH fails
     * @throws CommandLineOptionException if the options are wrong
     */
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public static void main(final String[] args) throws RunnerException, CommandLineOptionException {
        final var kernels = new ArrayList<String>();
        for (int bits = 128; bits <= ByteVector.SPECIES_PREFERRED.vectorBitSize(); bits *= 2) {
            kernels.add("vector-" + bits);
        }
        kernels.add("scalar");
        final var chosen = "vector-" + VectorGfKernel.species(null).vectorBitSize();
        final var commandLine = new CommandLineOptions(args);
        // Kernels named on the command line (-p kernel=...) are measured instead of all of them.
        final var named = commandLine.getParameter("kernel");
        if (named.hasValue()) {
            kernels.retainAll(named.get());
        }
        if (!kernels.contains("scalar")) {
            kernels.add("scalar");
        }
        final var options = new OptionsBuilder().parent(commandLine)
            .include(ReedSolomonBenchmark.class.getSimpleName()).param("kernel", kernels.toArray(String[]::new))
            .build();
        final Map<String, Double> megabytes = new HashMap<>();
        collect(new Runner(options).run(), megabytes, null);
        final var vectors = new ArrayList<>(kernels.subList(0, kernels.size() - 1));
        if (hasAvx512() && (!named.hasValue() || named.get().contains(AVX2))) {
            final var avx2 = new OptionsBuilder().parent(commandLine)
                .include(ReedSolomonBenchmark.class.getSimpleName()).param("kernel", "vector")
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g", "-XX:UseAVX=2").build();
            collect(new Runner(avx2).run(), megabytes, AVX2);
            vectors.add(AVX2);
        }
        System.out.printf(Locale.ROOT, "%nMB/s of data on one thread (%s; * = the width chosen on this CPU)%n",
            cpu());
        final var header = new StringBuilder(String.format(Locale.ROOT, "%-12s %-6s %-7s %10s", "operation", "m+k",
            "object", "table MB/s"));
        vectors.forEach(vector -> header.append(String.format(Locale.ROOT, " %24s",
            (AVX2.equals(vector) ? "as on AVX2" : vector + (vector.equals(chosen) ? "*" : "")) + " MB/s (x table)")));
        System.out.println(header);
        for (var operation : new String[] {"encode", "reconstruct"}) {
            for (var coding : new String[] {"16+16", "10+4", "17+3", "4+2"}) {
                for (var size : new String[] {"65536", "1048576"}) {
                    final var baseline = megabytes.get(key(operation, coding, size, "scalar"));
                    if (baseline == null) {
                        continue;
                    }
                    final var row = new StringBuilder(String.format(Locale.ROOT, "%-12s %-6s %-7s %10.0f",
                        operation, coding, "65536".equals(size) ? "64 KiB" : "1 MiB", baseline));
                    for (var vector : vectors) {
                        final var speed = megabytes.get(key(operation, coding, size, vector));
                        row.append(speed == null ? String.format(Locale.ROOT, " %24s", "-")
                            : String.format(Locale.ROOT, " %15.0f (%5.1fx)", speed, speed / baseline));
                    }
                    System.out.println(row);
                }
            }
        }
    }

    /** Adds the MB/s of each result, under the given kernel name or else the one the result ran with. */
    private static void collect(final Iterable<RunResult> results, final Map<String, Double> megabytes,
            final String kernel) {
        for (RunResult result : results) {
            final var params = result.getParams();
            final double size = Integer.parseInt(params.getParam("objectSize")) / 1e6;
            megabytes.put(key(params.getBenchmark(), params.getParam("coding"), params.getParam("objectSize"),
                kernel == null ? params.getParam("kernel") : kernel), result.getPrimaryResult().getScore() * size);
        }
    }

    /** Whether this is an x86 CPU with AVX-512, where the JVM can be told to use AVX2 only. */
    private static boolean hasAvx512() {
        final var arch = System.getProperty("os.arch");
        return ("amd64".equals(arch) || "x86_64".equals(arch)) && ByteVector.SPECIES_PREFERRED.vectorBitSize() == 512;
    }

    private static String key(final String benchmark, final String coding, final String size, final String kernel) {
        final var operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return operation + " " + coding + " " + size + " " + kernel;
    }

    private static String cpu() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            final List<String> models = lines.filter(line -> line.startsWith("model name")).limit(1)
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).toList();
            return models.isEmpty() ? "unknown CPU" : models.get(0);
        } catch (IOException e) {
            return "unknown CPU";
        }
    }
}
