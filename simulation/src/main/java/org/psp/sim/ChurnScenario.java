/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;

/**
 * An access network under churn, in virtual time: the access nodes join one after the other, each is granted its
 * sessions half a minute after its start and stores them; then, for the measured time, access nodes crash at random
 * (a Poisson process at the churn rate: 0.59 replaces 59 % of the nodes per hour, UDD's rate) and come back after
 * the downtime with an empty memory, recovering their sessions from the others. Every few seconds a live node looks
 * up another live node's id, to measure hops, latency and whether the lookup found it.
 */
public final class ChurnScenario {
    /** How often a lookup is measured. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How long after its start an access node is granted its sessions. */
    private static final Duration GRANT_DELAY = Duration.ofSeconds(30);
    /** Time for the last sessions granted to be stored, before the measured time starts. */
    private static final Duration SETTLING = Duration.ofMinutes(2);

    /**
     * What a run is given.
     *
     * @param nodes access nodes
     * @param sessions sample sessions per access node
     * @param coding Reed-Solomon m and k
     * @param measured how long the churn runs, after the warm-up
     * @param churnPerHour the fraction of the nodes that crash per hour
     * @param downtime how long a crashed node stays down
     * @param joinSpread over how long the nodes join at the start
     * @param links the links
     * @param seed the seed
     */
    public record Settings(int nodes, int sessions, CodingParameters coding, Duration measured, double churnPerHour,
            Duration downtime, Duration joinSpread, LinkModel links, long seed) {
        /**
         * Checks the settings.
         */
        public Settings {
            if (nodes < 2) {
                throw new IllegalArgumentException("at least 2 nodes, was " + nodes);
            }
            if (sessions < 0) {
                throw new IllegalArgumentException("sessions must not be negative");
            }
            if (churnPerHour < 0) {
                throw new IllegalArgumentException("churn must not be negative");
            }
            requireNonNull(coding);
            requireNonNull(measured);
            requireNonNull(downtime);
            requireNonNull(joinSpread);
            requireNonNull(links);
        }
    }

    private final Settings settings;
    private final SimulatedAccessNetwork network;
    private final List<MinuteSample> samples = new ArrayList<>();
    private final MinuteSample.Builder minute = new MinuteSample.Builder();
    private final ChurnSummary.Builder total = new ChurnSummary.Builder();
    private long measuredFrom;

    /**
     * Prepares a run.
     *
     * @param settings what it is given
     */
    public ChurnScenario(final Settings settings) {
        this.settings = requireNonNull(settings);
        network = new SimulatedAccessNetwork(settings.nodes(), settings.sessions(), settings.coding(),
            settings.links(), settings.seed());
        network.onRecovery(recovery -> {
            minute.recovery(recovery);
            total.recovery(recovery);
        });
    }

    /**
     * Returns the simulated access network, for fault injection between steps.
     *
     * @return the network
     */
    public SimulatedAccessNetwork network() {
        return network;
    }

    /**
     * Runs the warm-up and the measured time.
     *
     * @param progress told of the virtual time reached, every simulated minute, as a fraction of the whole run
     * @return what happened
     */
    public ChurnSummary run(final Consumer<Double> progress) {
        final var time = network.time();
        final long spread = settings.joinSpread().toNanos();
        for (int node = 0; node < settings.nodes(); node++) {
            final int joining = node;
            final long startsAt = spread * node / settings.nodes();
            time.schedule(() -> network.startFresh(joining), startsAt, TimeUnit.NANOSECONDS);
            // Its subscribers come once it has joined: the access nodes store their sessions as they come up.
            time.schedule(() -> network.grantSessions(joining), startsAt + GRANT_DELAY.toNanos(),
                TimeUnit.NANOSECONDS);
        }
        measuredFrom = spread + GRANT_DELAY.toNanos() + SETTLING.toNanos();
        final long end = measuredFrom + settings.measured().toNanos();
        time.schedule(this::startMeasuring, measuredFrom, TimeUnit.NANOSECONDS);
        final long wallStart = System.nanoTime();
        for (long at = MINUTE_NANOS; at < end + MINUTE_NANOS; at += MINUTE_NANOS) {
            time.runUntil(Math.min(at, end));
            if (time.nanoTime() > measuredFrom) {
                samples.add(minute.take(time.nanoTime() - measuredFrom, network));
            }
            progress.accept((double) time.nanoTime() / end);
        }
        return total.build(settings, network, samples, Duration.ofNanos(System.nanoTime() - wallStart));
    }

    /**
     * Returns the per-minute samples of the measured time.
     *
     * @return the samples so far
     */
    public List<MinuteSample> samples() {
        return List.copyOf(samples);
    }

    private void startMeasuring() {
        minute.reset(network);
        total.start(network);
        scheduleNextCrash();
        network.time().scheduleWithFixedDelay(this::probe, 0, PROBE_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void scheduleNextCrash() {
        if (settings.churnPerHour() == 0) {
            return;
        }
        final double perNano = settings.churnPerHour() * settings.nodes() / TimeUnit.HOURS.toNanos(1);
        final long wait = (long) (-Math.log(1 - network.random().nextDouble()) / perNano);
        network.time().schedule(() -> {
            final int victim = network.randomLive();
            if (victim >= 0 && network.live() > 1) {
                network.crash(victim);
                minute.crash();
                total.crash();
                network.time().schedule(() -> network.restart(victim), settings.downtime().toNanos(),
                    TimeUnit.NANOSECONDS);
            }
            scheduleNextCrash();
        }, wait, TimeUnit.NANOSECONDS);
    }

    private void probe() {
        final int asker = network.randomLive();
        final int target = network.randomLive();
        if (asker < 0 || asker == target) {
            return;
        }
        final NodeId targetId = SimulatedAccessNetwork.nodeId(target);
        final long started = network.time().nanoTime();
        network.agent(asker).orElseThrow().node().lookup(targetId).whenComplete((result, failure) -> {
            if (network.agent(target).isEmpty()) {
                // The target went down meanwhile: not finding it is right.
                return;
            }
            final boolean found = failure == null && !result.closest().isEmpty()
                && result.closest().get(0).id().equals(targetId);
            final int hops = failure == null ? result.hops() : -1;
            final long latency = network.time().nanoTime() - started;
            minute.lookup(found, hops, latency);
            total.lookup(found, hops, latency);
        });
    }
}
