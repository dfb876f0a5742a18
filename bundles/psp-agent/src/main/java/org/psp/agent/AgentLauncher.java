/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.psp.agent.dhcp.KeaFollower;
import org.psp.agent.dhcp.LeaseDelays;
import org.psp.erasure.ObjectDigest;

/**
 * Runs one access-node agent as a process of its own, from a settings file (see {@link LaunchSettings}), for test
 * beds of separate processes: {@code java -cp ... org.psp.agent.AgentLauncher agent.properties}.
 *
 * <p>It prints one line per event on standard output: where it listens, status changes, the recovery's outcome,
 * stores and their failures. On a first start with {@code sample-sessions} set it creates and stores that many
 * emulated subscriber sessions. With {@code kea-lease-file} set it follows that Kea server's leases (see
 * {@link KeaFollower}) and prints {@code kea leases ready} when Kea may start. It exits with 2 on bad settings.
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class AgentLauncher {
    private AgentLauncher() {
        // main only
    }

    /**
     * Starts an agent and runs until the process is stopped.
     *
     * @param args the settings file
     * @throws InterruptedException if interrupted
     */
    public static void main(final String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: AgentLauncher <settings file>");
            System.exit(2);
        }
        final LaunchSettings settings;
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            final var properties = new Properties();
            properties.load(reader);
            settings = LaunchSettings.parse(properties);
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("psp-agent: " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!run(settings, System.out)) {
            System.exit(1);
        }
    }

    /** Runs the agent until the process is stopped; returns false at once if it cannot start. */
    private static boolean run(final LaunchSettings settings, final PrintStream out) throws InterruptedException {
        final var host = new AgentHost(2);
        final var anId = settings.agent().anId();
        final var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }));
        final AccessNodeAgent agent;
        try {
            final var started = host.start(settings.agent(), settings.bootstrap(), settings.sampleSessions(),
                new PrintingListener(out));
            agent = host.agent(anId).orElseThrow();
            final var contact = agent.node().contact();
            out.println(anId + " listening on udp " + contact.address().getHostString() + ":"
                + contact.address().getPort() + " tcp " + contact.tcpPort());
            started.get();
        } catch (UncheckedIOException | ExecutionException e) {
            out.println(anId + " failed to start: " + (e instanceof ExecutionException ? e.getCause() : e)
                .getMessage());
            host.close();
            return false;
        }
        if (agent.lastRecovery().map(report -> report.outcome() == RecoveryReport.Outcome.NOTHING_STORED)
                .orElse(false) && settings.sampleSessions() > 0) {
            storeSampleSessions(agent);
            out.println(anId + " created " + agent.memory().size() + " sample sessions, stored "
                + agent.progress().storedSegments() + " segments, " + agent.progress().pendingSegments()
                + " waiting");
        }
        out.println(anId + " sessions digest " + HexFormat.of().formatHex(ObjectDigest.of(
            SegmentCodec.encode(agent.memory().all())).bytes()));
        settings.keaLeaseFile().ifPresent(file -> {
            final var follower = KeaFollower.follow(agent, file, new PrintingKeaListener(out));
            follower.ready().exceptionally(failure -> {
                out.println(anId + " kea leases failed: " + file + ": " + failure.getMessage()
                    + "; do not start Kea on it");
                return null;
            });
            Runtime.getRuntime().addShutdownHook(new Thread(follower::close));
        });
        stopped.await();
        return true;
    }

    /** Prints an agent's events, one line each. */
    private record PrintingListener(PrintStream out) implements AgentListener {
        @Override
        public void statusChanged(final String id, final AgentStatus status) {
            out.println(id + " status " + status);
        }

        @Override
        public void recovered(final String id, final RecoveryReport report) {
            out.println(id + " recovery " + report.outcome() + ": " + report.sessions() + " sessions in "
                + report.segments() + " segments in " + report.duration().toMillis() + " ms"
                + (report.unrecoverable().isEmpty() ? "" : ", lost " + report.unrecoverable().values()));
        }

        @Override
        public void storeFailed(final String id, final int segments, final String reason) {
            out.println(id + " store failed for " + segments + " segments: " + reason);
        }
    }

    /**
     * Stores the sample sessions before they are announced: segments that a round could not store (a busy machine
     * that answered too late) go again at once, for up to a minute, rather than at the agent's next round.
     */
    private static void storeSampleSessions(final AccessNodeAgent agent) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (agent.progress().pendingSegments() > 0 && System.nanoTime() < deadline) {
            try {
                agent.storeChanges().get();
            } catch (ExecutionException e) {
                // The listener has printed why; the segments wait for the next round.
                return;
            }
        }
    }

    /** Prints what the Kea follower does, one line each. */
    private record PrintingKeaListener(PrintStream out) implements KeaFollower.Listener {
        @Override
        public void ready(final String id, final KeaFollower.Ready ready) {
            out.println(id + " kea leases ready: " + (ready.restored() < 0 ? ready.file() + " holds Kea's leases"
                : "restored " + ready.restored() + " leases into " + ready.file()) + ", " + ready.sessions()
                + " sessions hold leases (" + ready.took().toMillis() + " ms)");
        }

        @Override
        public void delays(final String id, final LeaseDelays.Summary summary) {
            out.println(id + " kea lease changes stored: " + summary.changes() + ", lease to overlay p50 "
                + summary.median().toMillis() + " ms, p99 " + summary.p99().toMillis() + " ms, max "
                + summary.max().toMillis() + " ms");
        }
    }
}
