/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.psp.erasure.CodingParameters;

/**
 * {@code ./psp simulate}: runs a churn scenario on the production agents in virtual time, with a progress bar, and
 * prints its summary and writes its time series as CSV.
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class SimulateCommand {
    private static final String USAGE = """
        usage: psp simulate availability [--nodes N] [--trials T] [--seed S] [--csv FILE]
          eq. 2 measured on PSP's placement (default 1000 nodes, 10,000 trials): 16+16, 8+4 and 4+2 at Pn 0.9, 0.95
          and 0.99, the fraction of segments not recoverable against eq. 2, with 95 % intervals
        usage: psp simulate lookups [--nodes N,N,...] [--seed S] [--csv FILE]
          the overlay alone at each size (default 100,1000,10000): hops, latency and exactness of lookups, and
          messages per node and minute in steady state
        usage: psp simulate index [--nodes N] [--sessions S] [--seed S] [--csv FILE]
          the session index at scale (default 10,000 nodes, 200 sessions each): every node publishes every keyword
          of its sessions, then 1,000 searches from random nodes: found, hops, latency, traffic per node
        usage: psp simulate [--help] [--nodes N] [--hours H] [--churn C] [--seed S] [--sessions N] [--coding M+K]
                            [--downtime MINUTES] [--loss P] [--join-spread SECONDS] [--csv FILE]
          --nodes        access nodes (default 1000)
          --hours        simulated hours of churn, after the nodes joined and stored (default 1)
          --churn        fraction of the nodes that crash per hour (default 0.59, UDD's rate)
          --seed         seed of the run: the same seed gives the same run, event for event (default 1)
          --sessions     subscriber sessions per access node (default 200)
          --coding       Reed-Solomon data + coding chunks (default 16+16)
          --downtime     minutes a crashed access node stays down before it restarts and recovers (default 5)
          --loss         probability that a datagram is lost (default 0)
          --join-spread  seconds over which the nodes join at the start (default: 50 ms per node, at least 60)
          --csv          where the per-minute time series goes (default: simulation-<nodes>-<seed>.csv)
        """;

    private SimulateCommand() {
        // main only
    }

    /**
     * Runs the command.
     *
     * @param args the options
     */
    public static void main(final String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        final var rest = List.of(args).subList(Math.min(1, args.length), args.length).toArray(String[]::new);
        final int status = args.length == 0 ? churn(args) : switch (args[0]) {
            case "availability" -> availability(rest);
            case "lookups" -> lookups(rest);
            case "index" -> index(rest);
            default -> churn(args);
        };
        System.exit(status);
    }

    /** Runs the churn scenario; returns the exit status: 3 if a restarted node lost sessions. */
    private static int churn(final String[] args) {
        final ChurnScenario.Settings settings;
        final Path csv;
        try {
            final var options = options(args);
            settings = settings(options);
            csv = Path.of(options.getOrDefault("csv", "simulation-" + settings.nodes() + "-" + settings.seed()
                + ".csv"));
        } catch (IllegalArgumentException e) {
            return usageError("psp simulate", e);
        }
        // The agents' own logs would drown the progress: the summary reports what they went through.
        Logger.getLogger("").setLevel(Level.SEVERE);
        final var scenario = new ChurnScenario(settings);
        final var bar = new ProgressBar(System.err);
        final var summary = scenario.run(bar::show);
        bar.done();
        // What the simulated nodes hold, not the garbage of the run.
        final var memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        final long heap = memory.getHeapMemoryUsage().getUsed();
        System.out.print(summary.text());
        System.out.printf(Locale.ROOT, "memory:     %.1f MB of heap in use at the end, %.1f kB per access node%n",
            heap / 1e6, heap / 1e3 / settings.nodes());
        final var lines = new ArrayList<String>();
        lines.add(MinuteSample.CSV_HEADER);
        scenario.samples().forEach(sample -> lines.add(sample.csv()));
        final int written = writeCsv(csv, lines, "time series");
        return written != 0 ? written : summary.noDataLost() ? 0 : 3;
    }

    /** Reports options that cannot be taken, with the usage; returns the exit status for them. */
    private static int usageError(final String command, final IllegalArgumentException failure) {
        System.err.println(command + ": " + failure.getMessage());
        System.err.print(USAGE);
        return 2;
    }

    /** Writes a CSV and says where; returns the exit status. */
    private static int writeCsv(final Path csv, final List<String> lines, final String what) {
        try {
            Files.write(csv, lines);
            System.out.println(what + ": " + csv.toAbsolutePath());
            return 0;
        } catch (IOException e) {
            System.err.println("psp simulate: cannot write " + csv + ": " + e.getMessage());
            return 1;
        }
    }

    /** Runs the availability experiment; returns the exit status. */
    private static int availability(final String[] args) {
        final int nodes;
        final int trials;
        final long seed;
        final Path csv;
        try {
            final var options = options(args);
            nodes = integer(options, "nodes", 1000, 2, 100_000);
            trials = integer(options, "trials", 10_000, 1, 1_000_000);
            seed = Long.parseLong(options.getOrDefault("seed", "1").strip());
            csv = Path.of(options.getOrDefault("csv", "simulation-availability-" + nodes + "-" + seed + ".csv"));
        } catch (IllegalArgumentException e) {
            return usageError("psp simulate availability", e);
        }
        Logger.getLogger("").setLevel(Level.SEVERE);
        final var lines = new ArrayList<String>();
        lines.add(AvailabilityExperiment.Row.HEADER);
        System.out.printf(Locale.ROOT, "%-7s %6s %14s %9s %12s %27s %12s %8s%n", "m + k", "Pn", "segment-trials",
            "lost", "measured", "95 % interval", "eq. 2", "reads ok");
        for (var coding : List.of(new CodingParameters(16, 16), new CodingParameters(8, 4),
                new CodingParameters(4, 2))) {
            for (var row : AvailabilityExperiment.run(nodes, 200, coding, List.of(0.9, 0.95, 0.99), trials, seed,
                    step -> System.err.println("psp simulate: " + step))) {
                lines.add(row.csv());
                System.out.printf(Locale.ROOT, "%-7s %6.2f %14d %9d %12.3e [%11.3e, %11.3e] %12.3e %4d/%-3d%n",
                    coding.dataChunks() + "+" + coding.codingChunks(), row.nodeAvailability(), row.samples(),
                    row.unrecoverable(), row.measured(), row.low(), row.high(), row.predicted(), row.readsAgreed(),
                    row.readsDone());
            }
        }
        return writeCsv(csv, lines, "results");
    }

    /** Runs the lookup scenario at each size; returns the exit status. */
    private static int lookups(final String[] args) {
        final List<Integer> sizes;
        final long seed;
        final Path csv;
        try {
            final var options = options(args);
            sizes = new ArrayList<>();
            for (var size : options.getOrDefault("nodes", "100,1000,10000").split(",")) {
                sizes.add(integer(Map.of("nodes", size), "nodes", 0, 2, 1_000_000));
            }
            seed = Long.parseLong(options.getOrDefault("seed", "1").strip());
            csv = Path.of(options.getOrDefault("csv", "simulation-lookups-" + seed + ".csv"));
        } catch (IllegalArgumentException e) {
            return usageError("psp simulate lookups", e);
        }
        Logger.getLogger("").setLevel(Level.SEVERE);
        final var lines = new ArrayList<String>();
        lines.add(LookupScaleScenario.Result.HEADER);
        System.out.printf(Locale.ROOT, "%8s %8s %8s %9s %8s %11s %11s %14s %10s%n", "nodes", "lookups", "found",
            "mean hops", "max hops", "p50 ms", "p99 ms", "msgs/node/min", "wall s");
        for (int size : sizes) {
            final var result = LookupScaleScenario.run(size, LinkModel.accessNetwork(), seed);
            lines.add(result.row());
            System.out.printf(Locale.ROOT, "%8d %8d %7.2f%% %9.2f %8d %11.2f %11.2f %14.1f %10.1f%n",
                result.nodes(), result.lookups(), 100.0 * result.found() / Math.max(1, result.lookups()),
                result.meanHops(), result.maxHops(), result.latencyP50Millis(), result.latencyP99Millis(),
                result.messagesPerNodeMinute(), result.wallTime().toNanos() / 1e9);
        }
        return writeCsv(csv, lines, "results");
    }

    /** Runs the index scenario; returns the exit status: 3 if a search missed a session. */
    private static int index(final String[] args) {
        final int nodes;
        final int sessions;
        final long seed;
        final Path csv;
        try {
            final var options = options(args);
            nodes = integer(options, "nodes", 10_000, 2, 1_000_000);
            sessions = integer(options, "sessions", 200, 1, 100_000);
            seed = Long.parseLong(options.getOrDefault("seed", "1").strip());
            csv = Path.of(options.getOrDefault("csv", "simulation-index-" + nodes + "-" + seed + ".csv"));
        } catch (IllegalArgumentException e) {
            return usageError("psp simulate index", e);
        }
        Logger.getLogger("").setLevel(Level.SEVERE);
        final var bar = new ProgressBar(System.err);
        final var result = IndexScaleScenario.run(nodes, sessions, LinkModel.accessNetwork(), seed, bar::show);
        bar.done();
        System.out.printf(Locale.ROOT, "index:      %d access nodes, %d sessions each, %d records published (%.1f "
            + "held per node on average)%n", result.nodes(), result.sessions(), result.records(),
            result.heldPerNode());
        System.out.printf(Locale.ROOT, "publishing: %.0f messages and %.1f kB per node%n",
            result.publishMessagesPerNode(), result.publishBytesPerNode() / 1e3);
        System.out.printf(Locale.ROOT, "searches:   %d, found %d (%.2f %%); hops mean %.2f, max %d; latency p50 %.1f "
            + "ms, p99 %.1f ms%n", result.searches(), result.found(), 100.0 * result.found() / result.searches(),
            result.meanHops(), result.maxHops(), result.latencyP50Millis(), result.latencyP99Millis());
        System.out.printf(Locale.ROOT, "run:        %d events in %.0f s (%.0f events/s), %.1f kB of heap per node, "
            + "digest %s%n", result.events(), result.wallTime().toNanos() / 1e9,
            result.events() / (result.wallTime().toNanos() / 1e9), result.heapBytesPerNode() / 1e3,
            result.digest());
        final int written = writeCsv(csv, List.of(IndexScaleScenario.Result.HEADER, result.row()), "results");
        return written != 0 ? written : result.found() == result.searches() ? 0 : 3;
    }

    static Map<String, String> options(final String[] args) {
        final var options = new HashMap<String, String>();
        final var known = List.of("nodes", "hours", "churn", "seed", "sessions", "coding", "downtime", "loss",
            "join-spread", "csv", "trials");
        for (int index = 0; index < args.length; index++) {
            final var arg = args[index];
            if (!arg.startsWith("--") || !known.contains(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (index + 1 == args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg.substring(2), args[++index]);
        }
        return options;
    }

    /**
     * Returns the churn scenario that {@code ./psp simulate} runs with the given options, with its defaults for the
     * others.
     *
     * @param args options as on the command line, such as {@code --nodes 300 --hours 0.25}
     * @return the scenario's settings
     * @throws IllegalArgumentException for an unknown option or a value out of its range
     */
    public static ChurnScenario.Settings churnSettings(final String... args) {
        return settings(options(args));
    }

    static ChurnScenario.Settings settings(final Map<String, String> options) {
        final int nodes = integer(options, "nodes", 1000, 2, 1_000_000);
        final double hours = number(options, "hours", 1, 0, 1000);
        final double churn = number(options, "churn", 0.59, 0, 100);
        final long seed = Long.parseLong(options.getOrDefault("seed", "1").strip());
        final int sessions = integer(options, "sessions", 200, 0, 100_000);
        final var coding = coding(options.getOrDefault("coding", "16+16"));
        final double downtime = number(options, "downtime", 5, 0, 100_000);
        final double loss = number(options, "loss", 0, 0, 0.99);
        final double spread = number(options, "join-spread", Math.max(60, nodes * 0.05), 0, 1_000_000);
        return new ChurnScenario.Settings(nodes, sessions, coding, seconds(hours * 3600), churn,
            seconds(downtime * 60), seconds(spread), LinkModel.accessNetwork().withLoss(loss), seed);
    }

    private static Duration seconds(final double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private static CodingParameters coding(final String text) {
        final var parts = text.split("\\+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--coding takes M+K, such as 16+16, was " + text);
        }
        try {
            return new CodingParameters(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--coding takes M+K, such as 16+16, was " + text, e);
        }
    }

    private static int integer(final Map<String, String> options, final String name, final int fallback,
            final int min, final int max) {
        return (int) number(options, name, fallback, min, max);
    }

    private static double number(final Map<String, String> options, final String name, final double fallback,
            final double min, final double max) {
        final var text = options.get(name);
        if (text == null) {
            return fallback;
        }
        final double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a number, was " + text, e);
        }
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("--" + name + " must be " + min + " to " + max + ", was " + text);
        }
        return value;
    }
}
