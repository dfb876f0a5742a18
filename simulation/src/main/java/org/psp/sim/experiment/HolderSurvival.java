/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentConfig;
import org.psp.agent.CoordinationSettings;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;
import org.psp.sim.LinkModel;
import org.psp.sim.SimulatedAccessNetwork;

/**
 * UDD's survival experiments on PSP's agents: an owner places its data on N holders in replication mode (a stripe of
 * m = 1, k = N − 1, every chunk a whole copy on a node of its own), then peers leave and others connect at UDD's rate
 * for one coordinator update interval, with no repair. At the end of the interval the experiment asks each of the N
 * holders' chunk stores whether it still holds its copy. Every repetition is a network of its own, started afresh
 * from its own seed.
 *
 * <p>One repetition runs one owner per N in the same network: the owners' holder sets are chosen by PSP's placement
 * (the nodes closest to each chunk's key), so they overlap as they would in an access network.
 */
public final class HolderSurvival {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long JOIN_GAP = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int SESSIONS = 4;

    /**
     * One experiment set.
     *
     * @param churning peers that come and go: this many are connected at every moment
     * @param alwaysOn peers connected throughout, beside them
     * @param holderCounts the values of N
     * @param ownersPerN owners of each N in one network: samples that share its churn
     * @param repetitions networks run, each started afresh
     * @param churnPerHour the fraction of the churning peers that leave per hour, each replaced by a newcomer
     * @param period the coordinator's update interval: how long the holders are left alone
     * @param seed the seed of the first repetition
     */
    public record Settings(int churning, int alwaysOn, List<Integer> holderCounts, int ownersPerN, int repetitions,
            double churnPerHour, Duration period, long seed) {
        /**
         * Checks the settings.
         */
        public Settings {
            holderCounts = List.copyOf(holderCounts);
            requireNonNull(period);
            final int owners = holderCounts.size() * ownersPerN;
            for (int holders : holderCounts) {
                if (holders < 1 || holders > CodingParameters.MAX_CHUNKS
                        || holders >= churning + alwaysOn - owners) {
                    throw new IllegalArgumentException("N must be 1 to " + CodingParameters.MAX_CHUNKS
                        + " and below the peers that are not owners, was " + holders);
                }
            }
            if (churning <= owners || alwaysOn < 0 || ownersPerN < 1 || repetitions < 1 || !(churnPerHour >= 0)
                    || period.isNegative()) {
                throw new IllegalArgumentException("impossible experiment " + churning + " churning, " + alwaysOn
                    + " always on, " + repetitions + " repetitions, churn " + churnPerHour);
            }
        }

        /**
         * Returns how many peers leave during the period, each replaced by a newcomer at once.
         *
         * @return the departures per repetition
         */
        public int departures() {
            return (int) Math.round(churnPerHour * churning * period.toNanos() / TimeUnit.HOURS.toNanos(1));
        }

        /**
         * Returns the fraction of the holders expected to be left: a holder on an always-on peer stays, one on a
         * churning peer stays if none of the departures picks it, each picking one of the churning peers.
         *
         * @return the expected fraction
         */
        public double expected() {
            final double staysIfChurning = Math.pow(1 - 1.0 / churning, departures());
            return (alwaysOn + churning * staysIfChurning) / (alwaysOn + churning);
        }
    }

    /**
     * The result for one N over all repetitions.
     *
     * @param holders N
     * @param samples the owners measured, over all repetitions
     * @param worst the smallest fraction of the N holders that still held their copy
     * @param mean the mean fraction
     * @param best the largest fraction
     * @param lostAll samples in which no holder was left
     * @param peersLeft the mean fraction of the peers connected at the start that were still connected at the end
     * @param expected the fraction expected from the churn alone
     */
    public record Point(int holders, int samples, double worst, double mean, double best, int lostAll,
            double peersLeft, double expected) {
        /** The CSV header of {@link #csv()}. */
        public static final String HEADER = "holders,samples,worst_fraction,mean_fraction,best_fraction,"
            + "samples_with_none_left,peers_left_fraction,expected_fraction";

        /**
         * Returns the CSV row.
         *
         * @return the row
         */
        public String csv() {
            return holders + "," + samples + "," + worst + "," + mean + "," + best + "," + lostAll + "," + peersLeft
                + "," + expected;
        }
    }

    private HolderSurvival() {
        // static only
    }

    /**
     * Runs the experiment.
     *
     * @param settings the set
     * @param progress told the fraction done
     * @return one point per N, in the order given
     */
    public static List<Point> run(final Settings settings, final DoubleConsumer progress) {
        final var counts = settings.holderCounts();
        final int samples = settings.ownersPerN() * settings.repetitions();
        final double[][] fractions = new double[counts.size()][samples];
        double peersLeft = 0;
        for (int repetition = 0; repetition < settings.repetitions(); repetition++) {
            final double[][] left = new double[counts.size()][settings.ownersPerN()];
            peersLeft += repetition(settings, settings.seed() + repetition, left) / settings.repetitions();
            for (int point = 0; point < counts.size(); point++) {
                System.arraycopy(left[point], 0, fractions[point], repetition * settings.ownersPerN(),
                    settings.ownersPerN());
            }
            progress.accept((repetition + 1.0) / settings.repetitions());
        }
        final var points = new ArrayList<Point>();
        for (int point = 0; point < counts.size(); point++) {
            final var stats = Arrays.stream(fractions[point]).summaryStatistics();
            final int none = (int) Arrays.stream(fractions[point]).filter(fraction -> fraction == 0).count();
            points.add(new Point(counts.get(point), samples, stats.getMin(), stats.getAverage(), stats.getMax(), none,
                peersLeft, settings.expected()));
        }
        return points;
    }

    /**
     * Runs one network: fills in, per N and owner, the fraction of its holders left at the end of the period; returns
     * the fraction of the peers left.
     */
    private static double repetition(final Settings settings, final long seed, final double[][] left) {
        final var counts = settings.holderCounts();
        final int peers = settings.alwaysOn() + settings.churning();
        // Peers 0 .. alwaysOn - 1 never leave; the rest of the pool beyond the connected peers are newcomers.
        final var net = new SimulatedAccessNetwork(peers + settings.churning(), SESSIONS, new CodingParameters(1, 0),
            LinkModel.accessNetwork(), seed, HolderSurvival::leftAlone);
        for (int node = 0; node < peers; node++) {
            net.startFresh(node);
            net.time().runUntil(net.time().nanoTime() + JOIN_GAP);
        }
        net.time().runUntil(net.time().nanoTime() + 2 * MINUTE);

        final var owners = new ArrayList<Integer>();
        final var random = net.random();
        while (owners.size() < counts.size() * settings.ownersPerN()) {
            final int owner = settings.alwaysOn() + random.nextInt(settings.churning());
            if (!owners.contains(owner)) {
                owners.add(owner);
            }
        }
        for (int sample = 0; sample < owners.size(); sample++) {
            final int holders = counts.get(sample / settings.ownersPerN());
            await(net, net.agent(owners.get(sample)).orElseThrow().configure(new CodingParameters(1, holders - 1)));
            net.grantSessions(owners.get(sample));
        }
        final long deadline = net.time().nanoTime() + 30 * MINUTE;
        while (!allPlaced(net, owners) && net.time().nanoTime() < deadline) {
            net.time().runUntil(net.time().nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        final var placed = owners.stream().map(owner -> holders(net, owner)).toList();

        final double peersLeft = churn(net, settings);

        for (int sample = 0; sample < owners.size(); sample++) {
            final var chunks = placed.get(sample);
            final long holding = chunks.entrySet().stream()
                .filter(chunk -> holds(net, chunk.getKey(), chunk.getValue())).count();
            left[sample / settings.ownersPerN()][sample % settings.ownersPerN()] = (double) holding / chunks.size();
        }
        return peersLeft;
    }

    /** The settings of every peer: no repair, and no report to a coordinator within the period. */
    private static AgentConfig leftAlone(final AgentConfig defaults) {
        return new AgentConfig(defaults.kad(), defaults.coding(), 1, defaults.capacityBytes(), Duration.ofDays(1),
            defaults.deleteGrace(), defaults.storeInterval(), defaults.index().withEnabled(false),
            new CoordinationSettings(Duration.ofDays(1), -1, false), defaults.fairness());
    }

    /**
     * Peers leave at random times within the period, each a random churning peer, each replaced at once; returns the
     * fraction of the peers connected at the start that never left.
     */
    private static double churn(final SimulatedAccessNetwork net, final Settings settings) {
        final int peers = settings.alwaysOn() + settings.churning();
        final var left = new BitSet();
        left.set(0, peers);
        final var random = net.random();
        final long start = net.time().nanoTime();
        final long[] at = new long[settings.departures()];
        for (int departure = 0; departure < at.length; departure++) {
            at[departure] = start + (long) (random.nextDouble() * settings.period().toNanos());
        }
        Arrays.sort(at);
        for (long departure : at) {
            net.time().runUntil(departure);
            left.clear(net.replaceOne(node -> node >= settings.alwaysOn(), node -> true));
        }
        net.time().runUntil(start + settings.period().toNanos());
        return (double) left.cardinality() / peers;
    }

    private static boolean allPlaced(final SimulatedAccessNetwork net, final List<Integer> owners) {
        return owners.stream().map(owner -> net.agent(owner).orElseThrow()).allMatch(agent ->
            agent.versions().containsKey(0) && SimulatedAccessNetwork.storedEverything(agent));
    }

    /** Each chunk's key, with the node it was placed on; one chunk per holder. */
    private static Map<NodeId, NodeId> holders(final SimulatedAccessNetwork net, final int owner) {
        final var agent = net.agent(owner).orElseThrow();
        final var version = agent.versions().get(0);
        final var chunks = new HashMap<NodeId, NodeId>();
        final var distinct = new LinkedHashSet<NodeId>();
        for (int index = 0; index < version.holders().size(); index++) {
            final var holder = version.holders().get(index);
            if (distinct.add(holder)) {
                chunks.put(AccessNodeAgent.chunkKey(agent.anId(), 0, version.generation(), index), holder);
            }
        }
        if (distinct.size() != version.holders().size()) {
            throw new IllegalStateException(agent.anId() + " placed its " + version.holders().size()
                + " copies on " + distinct.size() + " nodes");
        }
        return chunks;
    }

    /** Asks a holder's chunk store, if the holder is still the peer that was given the chunk. */
    private static boolean holds(final SimulatedAccessNetwork net, final NodeId key, final NodeId holder) {
        return net.indexOf(holder).flatMap(net::agent).map(agent -> agent.chunkStore().get(key).isPresent())
            .orElse(false);
    }

    private static <T> T await(final SimulatedAccessNetwork net, final CompletableFuture<T> future) {
        net.time().runWhile(() -> !future.isDone(), net.time().nanoTime() + 10 * MINUTE);
        return future.join();
    }
}
