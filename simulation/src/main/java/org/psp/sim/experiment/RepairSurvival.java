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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import org.psp.agent.AgentConfig;
import org.psp.agent.CoordinationSettings;
import org.psp.erasure.CodingParameters;
import org.psp.sim.LinkModel;
import org.psp.sim.SimulatedAccessNetwork;

/**
 * An owner's data through UDD's churn after the owner is gone for good, with and without its holders' repair: the
 * owner stores its sessions and crashes; peers leave at UDD's rate, each replaced by a newcomer; at each sample time a
 * live peer reads the owner's data for real, and the experiment counts the segments the read restored.
 */
public final class RepairSurvival {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long JOIN_GAP = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int OWNER = 0;

    /**
     * The experiment.
     *
     * @param peers peers connected at every moment
     * @param sessions the owner's sessions
     * @param coding the owner's m and k
     * @param churnPerHour the fraction of the peers that leave per hour, each replaced by a newcomer
     * @param span how long after the owner's crash
     * @param sampleEvery how often the owner's data is read
     * @param intervals the coordination intervals with repair; each is run, and once without repair
     * @param repetitions networks run per variant, each from its own seed
     * @param seed the seed of the first
     */
    public record Settings(int peers, int sessions, CodingParameters coding, double churnPerHour, Duration span,
            Duration sampleEvery, List<Duration> intervals, int repetitions, long seed) {
        /**
         * Checks the settings.
         */
        public Settings {
            requireNonNull(coding);
            requireNonNull(span);
            requireNonNull(sampleEvery);
            intervals = List.copyOf(intervals);
            if (peers <= coding.totalChunks() || sessions < 1 || !(churnPerHour >= 0) || repetitions < 1
                    || sampleEvery.isZero() || sampleEvery.isNegative() || span.compareTo(sampleEvery) < 0) {
                throw new IllegalArgumentException("impossible experiment: " + peers + " peers for " + coding
                    + ", " + sessions + " sessions, churn " + churnPerHour + ", " + repetitions + " repetitions");
            }
        }

        /**
         * Returns the sample times after the owner's crash.
         *
         * @return in minutes, from 0
         */
        public double[] sampleMinutes() {
            final int samples = (int) (span.toNanos() / sampleEvery.toNanos()) + 1;
            final double[] minutes = new double[samples];
            for (int sample = 0; sample < samples; sample++) {
                minutes[sample] = sample * sampleEvery.toNanos() / (double) MINUTE;
            }
            return minutes;
        }
    }

    /**
     * One variant's result.
     *
     * @param interval the coordination interval, or empty without repair
     * @param minutes the sample times after the owner's crash
     * @param mean the mean fraction of the owner's segments a read restored, per sample time
     * @param worst the smallest fraction over the repetitions, per sample time
     */
    public record Curve(Optional<Duration> interval, double[] minutes, double[] mean, double[] worst) {
        /**
         * Names the variant.
         *
         * @return "without repair" or "repair, interval 5 min"
         */
        public String name() {
            return interval.map(every -> "repair, interval " + every.toMinutes() + " min").orElse("without repair");
        }
    }

    private RepairSurvival() {
        // static only
    }

    /**
     * Runs every variant.
     *
     * @param settings the experiment
     * @param progress told the fraction done
     * @return without repair first, then one curve per interval
     */
    public static List<Curve> run(final Settings settings, final DoubleConsumer progress) {
        final var variants = new ArrayList<Optional<Duration>>();
        variants.add(Optional.empty());
        settings.intervals().forEach(interval -> variants.add(Optional.of(interval)));
        final double[] minutes = settings.sampleMinutes();
        final var curves = new ArrayList<Curve>();
        int runs = 0;
        for (var variant : variants) {
            final double[] mean = new double[minutes.length];
            final double[] worst = new double[minutes.length];
            Arrays.fill(worst, 1);
            for (int repetition = 0; repetition < settings.repetitions(); repetition++) {
                final double[] readable = repetition(settings, variant, settings.seed() + repetition);
                for (int sample = 0; sample < minutes.length; sample++) {
                    mean[sample] += readable[sample];
                    worst[sample] = Math.min(worst[sample], readable[sample]);
                }
                progress.accept(++runs / (double) (variants.size() * settings.repetitions()));
            }
            for (int sample = 0; sample < minutes.length; sample++) {
                mean[sample] /= settings.repetitions();
            }
            curves.add(new Curve(variant, minutes, mean, worst));
        }
        return curves;
    }

    /** Runs one network; returns the fraction of the owner's segments readable at each sample time. */
    private static double[] repetition(final Settings settings, final Optional<Duration> repairEvery,
            final long seed) {
        final var coordination = repairEvery.map(every -> new CoordinationSettings(every, -1, true))
            .orElse(new CoordinationSettings(Duration.ofMinutes(5), -1, false));
        // Twice the peers: the second half are the newcomers.
        final var net = new SimulatedAccessNetwork(2 * settings.peers(), settings.sessions(), settings.coding(),
            LinkModel.accessNetwork(), seed, defaults -> new AgentConfig(defaults.kad(), defaults.coding(),
                defaults.segments(), defaults.capacityBytes(), Duration.ofHours(12), defaults.deleteGrace(),
                defaults.storeInterval(), defaults.index().withEnabled(false), coordination, defaults.fairness()));
        for (int node = 0; node < settings.peers(); node++) {
            net.startFresh(node);
            net.time().runUntil(net.time().nanoTime() + JOIN_GAP);
        }
        net.time().runUntil(net.time().nanoTime() + 2 * MINUTE);
        net.grantSessions(OWNER);
        final var owner = net.agent(OWNER).orElseThrow();
        final long deadline = net.time().nanoTime() + 30 * MINUTE;
        while (net.time().nanoTime() < deadline && !SimulatedAccessNetwork.storedEverything(owner)) {
            net.time().runUntil(net.time().nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        final int segments = owner.versions().size();
        net.crash(OWNER);

        final double[] minutes = settings.sampleMinutes();
        final long start = net.time().nanoTime();
        final long gap = Math.round(TimeUnit.HOURS.toNanos(1) / (settings.churnPerHour() * settings.peers()));
        for (long departure = (long) (net.random().nextDouble() * gap); departure <= settings.span().toNanos();
                departure += gap) {
            // The owner never comes back.
            net.time().schedule(() -> net.replaceOne(node -> true, node -> node != OWNER), departure,
                TimeUnit.NANOSECONDS);
        }
        final double[] readable = new double[minutes.length];
        for (int sample = 0; sample < minutes.length; sample++) {
            net.time().runUntil(start + (long) (minutes[sample] * MINUTE));
            final var read = net.agent(net.randomLive()).orElseThrow()
                .lookupOf(SimulatedAccessNetwork.anId(OWNER));
            net.time().runWhile(() -> !read.isDone(), net.time().nanoTime() + 10 * MINUTE);
            readable[sample] = read.isDone() && !read.isCompletedExceptionally()
                ? (double) read.join().report().segments() / segments : 0;
        }
        return readable;
    }
}
