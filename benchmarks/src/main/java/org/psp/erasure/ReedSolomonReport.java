/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link ReedSolomonBenchmark} and prints its results as MB/s of data, with the vector kernel's speed-up over
 * the scalar kernel measured in the same run. JMH command-line options (say {@code -f 2} or {@code -p coding=16+16})
 * pass through.
 */
public final class ReedSolomonReport {
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
        final var options = new OptionsBuilder().parent(new CommandLineOptions(args))
            .include(ReedSolomonBenchmark.class.getSimpleName()).build();
        final Map<String, Double> megabytes = new HashMap<>();
        final Map<String, Double> errors = new HashMap<>();
        for (RunResult result : new Runner(options).run()) {
            final var params = result.getParams();
            final double perSecond = result.getPrimaryResult().getScore();
            final double error = result.getPrimaryResult().getScoreError();
            final double size = Integer.parseInt(params.getParam("objectSize")) / 1e6;
            final var key = key(params.getBenchmark(), params.getParam("coding"), params.getParam("objectSize"),
                params.getParam("kernel"));
            megabytes.put(key, perSecond * size);
            errors.put(key, Double.isNaN(error) ? 0 : error * size);
        }
        System.out.printf("%n%-12s %-7s %9s %20s %20s %8s%n", "operation", "m+k", "object", "vector MB/s",
            "scalar MB/s", "speed-up");
        for (var operation : new String[] {"encode", "reconstruct"}) {
            for (var coding : new String[] {"16+16", "10+4", "17+3", "4+2"}) {
                for (var size : new String[] {"65536", "1048576"}) {
                    final var vector = key(operation, coding, size, "vector");
                    final var scalar = key(operation, coding, size, "scalar");
                    if (megabytes.containsKey(vector) && megabytes.containsKey(scalar)) {
                        System.out.printf("%-12s %-7s %9s %11.0f ± %6.0f %11.0f ± %6.0f %7.1fx%n", operation, coding,
                            "65536".equals(size) ? "64 KiB" : "1 MiB", megabytes.get(vector), errors.get(vector),
                            megabytes.get(scalar), errors.get(scalar), megabytes.get(vector) / megabytes.get(scalar));
                    }
                }
            }
        }
    }

    private static String key(final String benchmark, final String coding, final String size, final String kernel) {
        final var operation = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        return operation + " " + coding + " " + size + " " + kernel;
    }
}
