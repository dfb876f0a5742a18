/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentListener;
import org.psp.agent.Session;
import org.psp.agent.SessionEvent;
import org.psp.agent.SessionKey;

/**
 * Keeps an access node's sessions in step with its Kea DHCPv4 server, through Kea's lease file (memfile back end).
 *
 * <p>At start, after the agent recovered its sessions: if Kea's lease files hold no lease (the access node restarted
 * and its RAM, where the lease file lives, was wiped), it writes the recovered leases into the lease file, so that
 * Kea, started after this, serves every subscriber its address again and hands none out twice. Then the lease
 * files are the truth: the agent's IPv4 sessions are made what Kea's leases say, and every line Kea appends
 * (granted, renewed, released, declined, reclaimed, deleted) becomes a session change within the poll interval.
 *
 * <p>Reading the file Kea writes anyway keeps the agent out of Kea's packet path altogether: no hook runs in Kea,
 * nothing Kea does waits for the agent, and changes made through Kea's control channel are seen too. Kea must store
 * option 82 ({@code "store-extended-info": true}) for the circuit-id and remote-id to reach the sessions, and correct
 * subnet ids of loaded leases ({@code "sanity-checks": {"lease-checks": "fix"}}).
 *
 * <p>Runs on a thread of its own; {@link #close()} stops it.
 */
public final class KeaFollower implements AutoCloseable {
    /** How often the lease file is read for new lines. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    /** How often the delays of stored changes are summed up. */
    public static final Duration SUMMARY_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = System.getLogger(KeaFollower.class.getName());

    private final AccessNodeAgent agent;
    private final LeaseFileTail tail;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final LeaseSessions translation = new LeaseSessions();
    private final LeaseDelays delays = new LeaseDelays();
    private final CompletableFuture<Ready> ready = new CompletableFuture<>();
    private final AgentListener storeListener = new AgentListener() {
        @Override
        public void stored(final String anId, final BitSet segments, final Instant takenAt) {
            delays.stored(segments, takenAt, Instant.now());
        }
    };
    private volatile boolean closed;
    private long reportedRejections;

    /** Hears what the follower does. Called on its thread. */
    public interface Listener {
        /**
         * The leases are in step: Kea may start (or goes on) serving.
         *
         * @param anId the access node
         * @param ready what was done
         */
        void ready(String anId, Ready ready);

        /**
         * Lease changes reached the overlay since the last summary.
         *
         * @param anId the access node
         * @param summary how long they took
         */
        default void delays(final String anId, final LeaseDelays.Summary summary) {
            // nothing by default
        }
    }

    /**
     * What the follower found and did at start.
     *
     * @param file the lease file
     * @param restored how many leases it wrote into the lease file from the recovered sessions; -1 if Kea's files
     *     held leases, which it left alone
     * @param sessions how many sessions hold leases now
     * @param took how long the restore and the first reading took
     */
    public record Ready(Path file, int restored, int sessions, Duration took) {
    }

    private KeaFollower(final AccessNodeAgent agent, final Path leaseFile, final Listener listener) {
        this.agent = requireNonNull(agent);
        this.listener = requireNonNull(listener);
        tail = new LeaseFileTail(leaseFile);
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final var named = new Thread(runnable, "psp-kea-" + agent.anId());
            named.setDaemon(true);
            return named;
        });
    }

    /**
     * Starts following Kea's lease file for an agent that is up, its recovery done.
     *
     * @param agent the access node's agent
     * @param leaseFile Kea's lease file
     * @param listener hears the follower's events
     * @return the follower; its {@link #ready()} completes when Kea may serve
     */
    public static KeaFollower follow(final AccessNodeAgent agent, final Path leaseFile, final Listener listener) {
        final var follower = new KeaFollower(agent, leaseFile, listener);
        agent.addListener(follower.storeListener);
        follower.thread.execute(follower::begin);
        return follower;
    }

    /**
     * Completes when the leases are in step and Kea may serve, or fails if the lease file cannot be read or written.
     *
     * @return the outcome of the start
     */
    public CompletableFuture<Ready> ready() {
        return ready;
    }

    @Override
    public void close() {
        closed = true;
        agent.removeListener(storeListener);
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
            tail.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the lease file failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void begin() {
        final var started = System.nanoTime();
        try {
            int restored = -1;
            if (!KeaLeaseFiles.holdsLeases(tail.file())) {
                final var now = Instant.now();
                final var leases = agent.memory().all().stream()
                    .flatMap(session -> LeaseSessions.leaseOf(session, now).stream()).toList();
                KeaLeaseFiles.write(tail.file(), leases);
                restored = leases.size();
            }
            final int sessions = inStep(tail.readAll());
            final var done = new Ready(tail.file(), restored, sessions, Duration.ofNanos(System.nanoTime() - started));
            ready.complete(done);
            listener.ready(agent.anId(), done);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "{0}: Kea lease file {1} cannot be followed: {2}", agent.anId(), tail.file(),
                e.getMessage());
            ready.completeExceptionally(e);
            return;
        }
        final long poll = POLL_INTERVAL.toMillis();
        thread.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        final long summary = SUMMARY_INTERVAL.toMillis();
        thread.scheduleWithFixedDelay(this::summarize, summary, summary, TimeUnit.MILLISECONDS);
    }

    /** Makes the agent's IPv4 sessions those of Kea's leases; returns how many there are. */
    private int inStep(final List<KeaLease> leases) {
        final Map<SessionKey, Session> held = new HashMap<>();
        for (KeaLease lease : leases) {
            for (SessionEvent event : translation.changes(lease)) {
                switch (event) {
                    case SessionEvent.Granted granted -> held.put(granted.key(), granted.session());
                    default -> held.remove(event.key());
                }
            }
        }
        final var memory = agent.memory();
        final var stale = new HashSet<SessionKey>();
        for (Session session : memory.all()) {
            if (session.ipv4().isPresent() && session.ipv6().isEmpty() && !held.containsKey(session.key())) {
                stale.add(session.key());
            }
        }
        stale.forEach(key -> memory.apply(new SessionEvent.Released(key)));
        held.values().forEach(session -> memory.apply(new SessionEvent.Granted(session)));
        return held.size();
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void poll() {
        if (closed) {
            return;
        }
        try {
            final var leases = tail.read();
            if (leases.isEmpty()) {
                reportRejections();
                return;
            }
            final var read = Instant.now();
            for (KeaLease lease : leases) {
                for (SessionEvent event : translation.changes(lease)) {
                    agent.memory().apply(event).ifPresent(segment -> delays.changed(segment, read, Instant.now()));
                }
            }
            reportRejections();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "{0}: reading Kea lease file {1} failed, trying again: {2}", agent.anId(),
                tail.file(), e.getMessage());
        }
    }

    private void reportRejections() {
        if (tail.rejectedLines() != reportedRejections) {
            LOG.log(Level.WARNING, "{0}: {1} lines of {2} are not leases and were skipped; the last: {3}",
                agent.anId(), tail.rejectedLines() - reportedRejections, tail.file(), tail.lastRejection());
            reportedRejections = tail.rejectedLines();
        }
    }

    private void summarize() {
        final var summary = delays.takeSummary();
        if (summary.changes() > 0) {
            listener.delays(agent.anId(), summary);
        }
    }
}
