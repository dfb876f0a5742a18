/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.DataAvailability;
import org.psp.kad.NodeId;

/**
 * Eq. 2 measured on PSP's placement: N access nodes store their sessions through the production agent; then, trial
 * after trial, each node is down independently with probability 1 - Pn, and a segment counts as recoverable when the
 * nodes up hold at least m of its chunks, as the manifests name them. The fraction that is not recoverable is set
 * against eq. 2's 1 - Pd (the planner's even spread where a stripe has fewer nodes than chunks), with a 95 %
 * interval. The segments of one trial share its nodes down, so they are not
 * independent samples: the interval is from the spread of the trials' fractions (mean +- 1.96 standard errors over
 * trials); when no segment was lost, its upper end is the rule of three over the independent samples, counted as
 * the stripes with disjoint holders a trial can have (N / (m + k), at least one) times the trials. The counting is
 * itself checked against real reads: in one trial per coding the nodes down are cut off and a node reads sampled
 * owners' sessions through the overlay; the segments each read reports unrecoverable must be those counted.
 */
public final class AvailabilityExperiment {
    /** Owners whose sessions are read for real, per coding. */
    static final int READS = 20;
    private static final double Z95 = 1.959964;

    /**
     * One coding at one node availability.
     *
     * @param coding m and k
     * @param nodeAvailability Pn
     * @param samples segment-trials counted
     * @param unrecoverable of them, those with fewer than m chunks up
     * @param measured the fraction not recoverable
     * @param low the 95 % interval's lower end
     * @param high its upper end
     * @param predicted the planner's 1 - Pd for the nodes that hold each segment (eq. 2 when they are m + k)
     * @param readsAgreed real reads whose report matched the count
     * @param readsDone real reads done
     */
    public record Row(CodingParameters coding, double nodeAvailability, long samples, long unrecoverable,
            double measured, double low, double high, double predicted, int readsAgreed, int readsDone) {
        /** The header of {@link #csv()}. */
        public static final String HEADER = "m,k,pn,segment_trials,unrecoverable,measured_1_minus_pd,ci95_low,"
            + "ci95_high,eq2_1_minus_pd,reads_agreed,reads_done";

        /**
         * Tells whether eq. 2's figure lies within the measured interval.
         *
         * @return true if it does
         */
        public boolean agrees() {
            return predicted >= low && predicted <= high;
        }

        /**
         * Returns the row as CSV.
         *
         * @return the row
         */
        public String csv() {
            return String.format(Locale.ROOT, "%d,%d,%.4f,%d,%d,%.6e,%.6e,%.6e,%.6e,%d,%d", coding.dataChunks(),
                coding.codingChunks(), nodeAvailability, samples, unrecoverable, measured, low, high, predicted,
                readsAgreed, readsDone);
        }
    }

    private AvailabilityExperiment() {
        // static only
    }

    /**
     * Runs the experiment for one coding at several node availabilities.
     *
     * @param nodes access nodes
     * @param sessions sessions per node
     * @param coding m and k
     * @param availabilities the values of Pn
     * @param trials trials per Pn
     * @param seed the seed
     * @param progress told what is being done
     * @return a row per Pn
     */
    public static List<Row> run(final int nodes, final int sessions, final CodingParameters coding,
            final List<Double> availabilities, final int trials, final long seed, final Consumer<String> progress) {
        return run(nodes, sessions, List.of(coding), availabilities, trials, seed, progress);
    }

    /**
     * Runs the experiment for several codings in one access network: access node {@code i} stores with coding
     * {@code i mod codings}, and every trial's nodes down count against each coding's segments.
     *
     * @param nodes access nodes
     * @param sessions sessions per node
     * @param codings the codings, m and k each
     * @param availabilities the values of Pn
     * @param trials trials per Pn
     * @param seed the seed
     * @param progress told what is being done
     * @return a row per coding and Pn, coding by coding
     */
    public static List<Row> run(final int nodes, final int sessions, final List<CodingParameters> codings,
            final List<Double> availabilities, final int trials, final long seed, final Consumer<String> progress) {
        if (codings.isEmpty() || nodes < codings.size()) {
            throw new IllegalArgumentException(nodes + " access nodes for " + codings.size() + " codings");
        }
        progress.accept(nodes + " access nodes store their sessions with " + codings);
        final var network = new SimulatedAccessNetwork(nodes, sessions, codings.getFirst(), LinkModel.accessNetwork(),
            seed, config -> config.withCoding(codings.get(indexOf(config.kad().anId()) % codings.size())));
        if (!network.startAllAndStore(Duration.ofMillis(50))) {
            throw new IllegalStateException("the access nodes did not store everything within an hour");
        }
        final Map<NodeId, Integer> indexOf = new HashMap<>();
        for (int node = 0; node < nodes; node++) {
            indexOf.put(SimulatedAccessNetwork.nodeId(node), node);
        }
        // Per coding, per owner, per segment: the node index of each chunk's holder.
        final var stripes = new ArrayList<Map<Integer, int[][]>>();
        codings.forEach(coding -> stripes.add(new LinkedHashMap<>()));
        for (int owner = 0; owner < nodes; owner++) {
            stripes.get(owner % codings.size()).put(owner, network.agent(owner).orElseThrow().versions().entrySet()
                .stream()
                .sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getValue().holders().stream().mapToInt(holder -> indexOf.getOrDefault(holder, -1))
                    .toArray())
                .toArray(int[][]::new));
        }
        final var random = new SplittableRandom(seed * 31 + codings.getFirst().totalChunks());
        final var rows = new ArrayList<Row>();
        final var byAvailability = new ArrayList<List<Row>>();
        for (double availability : availabilities) {
            progress.accept(String.format(Locale.ROOT, "Pn %.3f: %d trials", availability, trials));
            final long[] samples = new long[codings.size()];
            final long[] lost = new long[codings.size()];
            final double[][] fractions = new double[codings.size()][trials];
            final int[][] reads = new int[codings.size()][];
            for (int trial = 0; trial < trials; trial++) {
                final var up = new boolean[nodes];
                for (int node = 0; node < nodes; node++) {
                    up[node] = random.nextDouble() < availability;
                }
                for (int coding = 0; coding < codings.size(); coding++) {
                    long trialSamples = 0;
                    long trialLost = 0;
                    for (var owner : stripes.get(coding).values()) {
                        for (var holders : owner) {
                            trialSamples++;
                            if (chunksUp(holders, up) < codings.get(coding).dataChunks()) {
                                trialLost++;
                            }
                        }
                    }
                    samples[coding] += trialSamples;
                    lost[coding] += trialLost;
                    fractions[coding][trial] = (double) trialLost / Math.max(1, trialSamples);
                    if (reads[coding] == null) {
                        reads[coding] = readForReal(network, stripes.get(coding), up, codings.get(coding), random);
                    }
                }
            }
            final var atThisPn = new ArrayList<Row>();
            for (int coding = 0; coding < codings.size(); coding++) {
                final var parameters = codings.get(coding);
                final double predicted = predicted(stripes.get(coding).values(), parameters, availability);
                final double[] interval = interval(fractions[coding], lost[coding],
                    (long) trials * Math.max(1, nodes / codings.size() / parameters.totalChunks()));
                atThisPn.add(new Row(parameters, availability, samples[coding], lost[coding],
                    (double) lost[coding] / samples[coding], interval[0], interval[1], predicted, reads[coding][0],
                    reads[coding][1]));
            }
            byAvailability.add(atThisPn);
        }
        for (int coding = 0; coding < codings.size(); coding++) {
            for (var atThisPn : byAvailability) {
                rows.add(atThisPn.get(coding));
            }
        }
        return rows;
    }

    private static int indexOf(final String anId) {
        return Integer.parseInt(anId.substring(anId.lastIndexOf('-') + 1));
    }

    /**
     * Returns the mean over the segments of the planner's 1 - Pd for the nodes that hold each: eq. 2 when its m + k
     * chunks are on as many nodes, the even spread of {@link DataAvailability#plan} on fewer.
     */
    private static double predicted(final Collection<int[][]> stripes, final CodingParameters coding,
            final double availability) {
        final Map<Integer, Double> byHolderNodes = new HashMap<>();
        double sum = 0;
        long segments = 0;
        for (var owner : stripes) {
            for (var holders : owner) {
                final int distinct = (int) Arrays.stream(holders).distinct().count();
                sum += byHolderNodes.computeIfAbsent(distinct, nodes -> DataAvailability.plan(
                    BigDecimal.valueOf(availability), coding, Math.max(1, nodes)).unavailability().doubleValue());
                segments++;
            }
        }
        return segments == 0 ? 0 : sum / segments;
    }

    private static int chunksUp(final int[] holders, final boolean[] up) {
        int count = 0;
        for (int holder : holders) {
            if (holder >= 0 && up[holder]) {
                count++;
            }
        }
        return count;
    }

    /**
     * Cuts the nodes down off, has a live node read sampled owners through the overlay, and compares each read's
     * unrecoverable segments with the count's; then heals the network.
     */
    private static int[] readForReal(final SimulatedAccessNetwork network, final Map<Integer, int[][]> stripes,
            final boolean[] up, final CodingParameters coding, final SplittableRandom random) {
        final var down = new ArrayList<InetAddress>();
        int reader = -1;
        for (int node = 0; node < up.length; node++) {
            if (up[node]) {
                reader = reader < 0 ? node : reader;
            } else {
                down.add(SimulatedNetwork.host(node));
            }
        }
        if (reader < 0) {
            return new int[] {0, 0};
        }
        network.network().partition(down);
        final var time = network.time();
        int agreed = 0;
        int done = 0;
        final var owners = List.copyOf(stripes.keySet());
        for (int read = 0; read < READS; read++) {
            final int owner = owners.get(random.nextInt(owners.size()));
            int expectedLost = 0;
            for (var holders : stripes.get(owner)) {
                if (chunksUp(holders, up) < coding.dataChunks()) {
                    expectedLost++;
                }
            }
            final CompletableFuture<Integer> reportedLost = network.agent(reader).orElseThrow()
                .lookupOf(SimulatedAccessNetwork.anId(owner))
                .thenApply(retrieval -> retrieval.report().unrecoverable().size())
                .exceptionally(failure -> -1);
            time.runWhile(() -> !reportedLost.isDone(), time.nanoTime() + TimeUnit.MINUTES.toNanos(10));
            done++;
            if (reportedLost.isDone() && reportedLost.join() == expectedLost) {
                agreed++;
            }
        }
        network.network().heal();
        return new int[] {agreed, done};
    }

    /** The 95 % interval of the mean of the trials' fractions; the rule of three when nothing was lost. */
    static double[] interval(final double[] fractions, final long lost, final long independentSamples) {
        if (lost == 0) {
            return new double[] {0, Math.min(1, 3.0 / independentSamples)};
        }
        double mean = 0;
        for (double fraction : fractions) {
            mean += fraction;
        }
        mean /= fractions.length;
        double squares = 0;
        for (double fraction : fractions) {
            squares += (fraction - mean) * (fraction - mean);
        }
        final double standardError = fractions.length < 2 ? mean
            : Math.sqrt(squares / (fractions.length - 1) / fractions.length);
        return new double[] {Math.max(0, mean - Z95 * standardError), Math.min(1, mean + Z95 * standardError)};
    }
}
