/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.DataAvailability;
import org.psp.sim.AvailabilityExperiment;
import org.psp.sim.ProgressBar;

/**
 * {@code ./psp experiment NAME}: the source papers' experiments on PSP's own agents in the simulator. Each writes its
 * results as CSV and its plots as PNG into a results folder, shows a progress bar while it runs and prints a short
 * table at the end.
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class ExperimentCommand {
    private static final String USAGE = """
        usage: psp experiment NAME [--seed S] [--repetitions R] [--out DIR]
          udd-1         UDD set 1: 100 peers, 59 of them replaced per hour; the data on N holders (replication,
                        m = 1); the fraction of the N still holding it after the 1-hour update interval, best and
                        worst of R networks (default 100)
          udd-2         UDD set 2: as udd-1 with 41 more peers that never leave (default R 100)
          udd-3         UDD set 3: 4,000 peers, N from 1 to 256 in steps of 17; R samples per N (default 24): eight
                        owners per N in each network of 4,000, so R above 8 is rounded up to a multiple of 8
          availability  eq. 1 and eq. 2 against PSP's placement on 1,000 nodes: 16+16, 16+11, 8+4, 4+2 and
                        replication (3 and 10 copies), each stored by a sixth of the nodes, at Pn 0.9, 0.95 and
                        0.99; R trials (default 70,000)
          scale         100 to 10,000 nodes: lookup hops and latency, steady traffic per node, and the time an
                        access node takes to recover its sessions; R recoveries per size (default 3)
          repair        an owner gone for good under UDD's churn: the share of its data a read restores over three
                        hours, without repair and with repair every 5, 15 and 60 minutes; R networks each (default 10)
          --seed        the seed: the same seed gives the same results (default 1)
          --out         the results folder (default psp-results/NAME)
        """;
    private static final List<String> NAMES = List.of("udd-1", "udd-2", "udd-3", "availability", "scale", "repair");
    private static final double UDD_CHURN = 0.59;

    private final Path out;
    private final long seed;
    private final int repetitions;

    private ExperimentCommand(final Path out, final long seed, final int repetitions) {
        this.out = out;
        this.seed = seed;
        this.repetitions = repetitions;
    }

    /**
     * Runs the command.
     *
     * @param args the experiment's name and options
     */
    public static void main(final String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0 || List.of(args).contains("--help")) {
            System.out.print(USAGE);
            System.exit(args.length == 0 ? 2 : 0);
        }
        final String name = args[0];
        final ExperimentCommand command;
        try {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("no experiment " + name + "; there are " + String.join(", ", NAMES));
            }
            final var options = options(List.of(args).subList(1, args.length));
            final long seed = whole(options, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
            final int repetitions = (int) whole(options, "repetitions", defaultRepetitions(name), 1, 1_000_000);
            command = new ExperimentCommand(Path.of(options.getOrDefault("out", "psp-results/" + name)), seed,
                repetitions);
        } catch (IllegalArgumentException e) {
            System.err.println("psp experiment: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        // The agents' own logs would drown the progress bar: the results say what they went through.
        Logger.getLogger("").setLevel(Level.OFF);
        try {
            Files.createDirectories(command.out);
            command.run(name);
            System.out.println("results: " + command.out.toAbsolutePath());
        } catch (IOException e) {
            System.err.println("psp experiment: cannot write the results into " + command.out + ": " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }

    private static int defaultRepetitions(final String name) {
        return switch (name) {
            case "udd-1", "udd-2" -> 100;
            case "udd-3" -> 24;
            case "availability" -> 70_000;
            case "scale" -> 3;
            default -> 10;
        };
    }

    private static long whole(final Map<String, String> options, final String name, final long fallback,
            final long min, final long max) {
        final var text = options.get(name);
        if (text == null) {
            return fallback;
        }
        final long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, was " + text, e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be " + min + " to " + max + ", was " + text);
        }
        return value;
    }

    private static Map<String, String> options(final List<String> args) {
        final var options = new HashMap<String, String>();
        for (int index = 0; index < args.size(); index++) {
            final var arg = args.get(index);
            if (!List.of("--seed", "--repetitions", "--out").contains(arg)) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (index + 1 == args.size()) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg.substring(2), args.get(++index));
        }
        return options;
    }

    private void run(final String name) throws IOException {
        switch (name) {
            case "udd-1" -> udd("udd-1", 100, 0, List.of(1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 20, 25, 30, 40, 50, 60), 1,
                repetitions, 0.25, 14, "UDD's claim: more than 25 % in the worst case from N = 14");
            case "udd-2" -> udd("udd-2", 100, 41, List.of(1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 20, 25, 30, 40, 50, 60),
                1, repetitions, 0.25, 25, "UDD's claim: close to N = 25 for 25 %");
            case "udd-3" -> {
                final int perNetwork = Math.min(8, repetitions);
                udd("udd-3", 4000, 0, IntStream.iterate(1, holders -> holders <= 256, holders -> holders + 17)
                    .boxed().toList(), perNetwork, (repetitions + perNetwork - 1) / perNetwork, 0.5, 86,
                    "UDD's claim: more than 50 % from N = 86");
            }
            case "availability" -> availability();
            case "scale" -> scale();
            default -> repair();
        }
    }

    /** One of UDD's survival sets, with the paper's claim: more than {@code claim} of the holders from N on. */
    private void udd(final String name, final int churning, final int alwaysOn, final List<Integer> holders,
            final int ownersPerN, final int networks, final double claim, final int claimFrom, final String claimText)
            throws IOException {
        final var settings = new HolderSurvival.Settings(churning, alwaysOn, holders, ownersPerN, networks,
            UDD_CHURN, Duration.ofHours(1), seed);
        final var bar = new ProgressBar(System.err);
        final var points = HolderSurvival.run(settings, bar::show);
        bar.done();
        final var lines = new ArrayList<String>();
        lines.add(HolderSurvival.Point.HEADER);
        points.forEach(point -> lines.add(point.csv()));
        Files.write(out.resolve(name + ".csv"), lines);

        final double[] n = points.stream().mapToDouble(HolderSurvival.Point::holders).toArray();
        final String peers = churning + " churning peers" + (alwaysOn > 0 ? " + " + alwaysOn + " always on" : "");
        new Plot(name.toUpperCase(Locale.ROOT) + ": holders left after one update interval (1 h, " + peers + ", "
                + points.getFirst().samples() + " samples per N)", "N: holders the data was placed on",
                "holders still holding it after 1 h (%)")
            .yRange(0, 105)
            .measured("best", n, percent(points.stream().mapToDouble(HolderSurvival.Point::best).toArray()))
            .measured("mean", n, percent(points.stream().mapToDouble(HolderSurvival.Point::mean).toArray()))
            .measured("worst", n, percent(points.stream().mapToDouble(HolderSurvival.Point::worst).toArray()))
            .predicted("peers still connected (mean)", n,
                percent(points.stream().mapToDouble(HolderSurvival.Point::peersLeft).toArray()))
            .predicted("expected from the churn rate", n,
                percent(points.stream().mapToDouble(HolderSurvival.Point::expected).toArray()))
            .claimAtY(100 * claim, claimText)
            .claimAtX(claimFrom, "N = " + claimFrom)
            .write(out.resolve(name + ".png"));

        System.out.printf(Locale.ROOT, "%6s %8s %8s %8s %8s %9s %11s %9s%n", "N", "samples", "worst", "mean", "best",
            "none left", "peers left", "expected");
        for (var point : points) {
            System.out.printf(Locale.ROOT, "%6d %8d %7.1f%% %7.1f%% %7.1f%% %9d %10.1f%% %8.1f%%%n",
                point.holders(), point.samples(), 100 * point.worst(), 100 * point.mean(), 100 * point.best(),
                point.lostAll(), 100 * point.peersLeft(), 100 * point.expected());
        }
        int from = -1;
        for (int point = points.size() - 1; point >= 0 && points.get(point).worst() > claim; point--) {
            from = points.get(point).holders();
        }
        if (from > 0) {
            System.out.printf(Locale.ROOT, "worst case above %.0f %% from N = %d on (UDD: N = %d)%n", 100 * claim,
                from, claimFrom);
        } else {
            System.out.printf(Locale.ROOT, "the worst case at the largest N is not above %.0f %% (UDD: from N = %d)%n",
                100 * claim, claimFrom);
        }
    }

    private void availability() throws IOException {
        final var codings = List.of(new CodingParameters(16, 16), new CodingParameters(16, 11),
            new CodingParameters(8, 4), new CodingParameters(4, 2), new CodingParameters(1, 9),
            new CodingParameters(1, 2));
        final var availabilities = List.of(0.9, 0.95, 0.99);
        final var bar = new ProgressBar(System.err);
        final int[] steps = {0};
        // One step to store, one per Pn.
        final var rows = AvailabilityExperiment.run(1000, 200, codings, availabilities, repetitions, seed,
            step -> bar.show(steps[0]++ / (availabilities.size() + 1.0)));
        bar.show(1);
        bar.done();
        final var lines = new ArrayList<String>();
        lines.add(AvailabilityExperiment.Row.HEADER);
        rows.forEach(row -> lines.add(row.csv()));
        Files.write(out.resolve("availability.csv"), lines);

        final var plot = new Plot("1 − Pd: segments lost, measured on 1,000 nodes against eq. 1 / eq. 2",
            "Pn: probability that a node is up", "1 − Pd: fraction of segments not recoverable").logRange().pairs()
            .yRange(1e-12, 0.1);
        final double[] grid = IntStream.rangeClosed(0, 18).mapToDouble(step -> 0.9 + step * 0.005).toArray();
        for (var coding : codings) {
            final var label = label(coding);
            final var measured = rows.stream().filter(row -> row.coding().equals(coding)).toList();
            plot.withIntervals(label + " measured (95 % interval)",
                measured.stream().mapToDouble(AvailabilityExperiment.Row::nodeAvailability).toArray(),
                measured.stream().mapToDouble(AvailabilityExperiment.Row::measured).toArray(),
                measured.stream().mapToDouble(AvailabilityExperiment.Row::low).toArray(),
                measured.stream().mapToDouble(AvailabilityExperiment.Row::high).toArray());
            plot.predicted(label + (coding.dataChunks() == 1 ? " eq. 1" : " eq. 2"), grid,
                Arrays.stream(grid).map(pn -> DataAvailability.unavailability(
                    BigDecimal.valueOf(pn), coding).doubleValue()).toArray());
        }
        plot.claimAtY(1e-5, "five nines (1 − Pd = 1e-5)")
            .claimAtY(1.2821e-9, "PSP paper: 16 + 16 at Pn 0.9 gives 1.2821e-9")
            .write(out.resolve("availability.png"));

        System.out.printf(Locale.ROOT, "%-12s %5s %14s %9s %11s %25s %11s%n", "coding", "Pn", "segment-trials", "lost",
            "measured", "95 % interval", "eq. 1 / 2");
        for (var row : rows) {
            System.out.printf(Locale.ROOT, "%-12s %5.2f %14d %9d %11.3e [%10.3e, %10.3e] %11.3e%n",
                label(row.coding()), row.nodeAvailability(), row.samples(), row.unrecoverable(), row.measured(),
                row.low(), row.high(), row.predicted());
        }
        final var pn = BigDecimal.valueOf(0.9);
        final var lost = DataAvailability.unavailability(pn, CodingParameters.DEFAULT);
        System.out.printf(Locale.ROOT, "eq. 2, 16 + 16 at Pn 0.9: %.4e; replication copies for the same: %d; k for "
            + "99.999 %% with m = 16: %d%n", lost.doubleValue(),
            DataAvailability.replicationCopies(pn, BigDecimal.ONE.subtract(lost)),
            DataAvailability.codingChunksForTarget(pn, 16, BigDecimal.valueOf(0.99999)).orElse(-1));
    }

    private static String label(final CodingParameters coding) {
        return coding.dataChunks() == 1 ? coding.totalChunks() + " copies"
            : coding.dataChunks() + " + " + coding.codingChunks();
    }

    private void scale() throws IOException {
        final var sizes = List.of(100, 300, 1000, 3000, 8000, 10_000);
        final var bar = new ProgressBar(System.err);
        final var rows = ScaleExperiment.run(sizes, repetitions, seed, bar::show);
        bar.done();
        final var lines = new ArrayList<String>();
        lines.add(ScaleExperiment.Row.HEADER);
        rows.forEach(row -> lines.add(row.csv()));
        Files.write(out.resolve("scale.csv"), lines);

        final double[] n = rows.stream().mapToDouble(row -> row.lookups().nodes()).toArray();
        new Plot("Lookups from 100 to 10,000 access nodes (K = 10, α = 3)", "access nodes (log scale)", "hops")
            .logDomain()
            .measured("mean hops", n, rows.stream().mapToDouble(row -> row.lookups().meanHops()).toArray())
            .measured("most hops", n, rows.stream().mapToDouble(row -> row.lookups().maxHops()).toArray())
            .claimAtX(8000, "Skodzik et al.: 8,000 access nodes")
            .write(out.resolve("scale-hops.png"));
        new Plot("Lookup latency and an access node's recovery, in virtual time", "access nodes (log scale)",
                "time (ms)")
            .logDomain()
            .measured("lookup latency p50", n, rows.stream().mapToDouble(row -> row.lookups().latencyP50Millis())
                .toArray())
            .measured("lookup latency p99", n, rows.stream().mapToDouble(row -> row.lookups().latencyP99Millis())
                .toArray())
            .measured("recovery of one access node (16 + 16, 200 sessions), mean", n,
                rows.stream().mapToDouble(row -> 1000 * row.recoveryMeanSeconds()).toArray())
            .claimAtX(8000, "Skodzik et al.: 8,000 access nodes")
            .write(out.resolve("scale-latency.png"));
        new Plot("Overlay traffic per access node in steady state", "access nodes (log scale)",
                "per access node and minute")
            .logDomain()
            .measured("messages", n, rows.stream().mapToDouble(row -> row.lookups().messagesPerNodeMinute())
                .toArray())
            .measured("kilobytes", n, rows.stream().mapToDouble(row -> row.lookups().bytesPerNodeMinute() / 1e3)
                .toArray())
            .claimAtX(8000, "Skodzik et al.: 8,000 access nodes")
            .write(out.resolve("scale-traffic.png"));

        System.out.printf(Locale.ROOT, "%7s %7s %9s %5s %8s %8s %10s %9s %12s %12s%n", "nodes", "found", "mean hops",
            "most", "p50 ms", "p99 ms", "msgs/min", "kB/min", "recovered", "recovery s");
        for (var row : rows) {
            final var result = row.lookups();
            System.out.printf(Locale.ROOT, "%7d %6.1f%% %9.2f %5d %8.1f %8.1f %10.1f %9.2f %6d of %-3d %12.2f%n",
                result.nodes(), 100.0 * result.found() / result.lookups(), result.meanHops(), result.maxHops(),
                result.latencyP50Millis(), result.latencyP99Millis(), result.messagesPerNodeMinute(),
                result.bytesPerNodeMinute() / 1e3, row.complete(), row.recoveries(), row.recoveryMeanSeconds());
        }
    }

    private void repair() throws IOException {
        final var settings = new RepairSurvival.Settings(100, 200, CodingParameters.DEFAULT, UDD_CHURN,
            Duration.ofHours(3), Duration.ofMinutes(10), List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
                Duration.ofHours(1)), repetitions, seed);
        final var bar = new ProgressBar(System.err);
        final var curves = RepairSurvival.run(settings, bar::show);
        bar.done();
        final var lines = new ArrayList<String>();
        lines.add("variant,minutes_after_owner_crash,mean_fraction_readable,worst_fraction_readable");
        for (var curve : curves) {
            for (int sample = 0; sample < curve.minutes().length; sample++) {
                lines.add(curve.name() + "," + curve.minutes()[sample] + "," + curve.mean()[sample] + ","
                    + curve.worst()[sample]);
            }
        }
        Files.write(out.resolve("repair.csv"), lines);

        final var plot = new Plot("An owner gone for good, 59 % of 100 peers replaced per hour (16 + 16, mean of "
            + repetitions + " networks)", "hours after the owner's crash", "owner's segments a read restores (%)")
            .yRange(0, 105);
        for (var curve : curves) {
            plot.measured(curve.name(), Arrays.stream(curve.minutes()).map(minutes -> minutes / 60)
                .toArray(), percent(curve.mean()));
        }
        plot.claimAtX(1, "UDD's update interval: 1 h").write(out.resolve("repair.png"));

        final double[] minutes = curves.getFirst().minutes();
        System.out.printf(Locale.ROOT, "%-26s", "readable (mean / worst)");
        for (double at : List.of(60.0, 120.0, 180.0)) {
            System.out.printf(Locale.ROOT, " %14s", "after " + Math.round(at / 60) + " h");
        }
        System.out.println();
        for (var curve : curves) {
            System.out.printf(Locale.ROOT, "%-26s", curve.name());
            for (double at : List.of(60.0, 120.0, 180.0)) {
                final int sample = Arrays.binarySearch(minutes, at);
                System.out.printf(Locale.ROOT, " %6.1f%% /%5.1f%%",
                    sample < 0 ? Double.NaN : 100 * curve.mean()[sample],
                    sample < 0 ? Double.NaN : 100 * curve.worst()[sample]);
            }
            System.out.println();
        }
    }

    private static double[] percent(final double[] fractions) {
        return Arrays.stream(fractions).map(fraction -> 100 * fraction).toArray();
    }
}
