/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psp.agent.dhcp.KeaFollower;
import org.psp.agent.dhcp.KeaLease;
import org.psp.agent.dhcp.LeaseDelays;
import org.psp.agent.dhcp.LeaseFileTail;
import org.psp.erasure.CodingParameters;

/**
 * An agent following a Kea lease file over loopback overlays: lease changes become sessions in the overlay, and after
 * a crash that wiped the lease file the recovered sessions go back into it before Kea starts.
 */
class AgentKeaLeasesTest {
    private static final CodingParameters CODING = new CodingParameters(4, 2);

    @TempDir
    Path directory;
    private TestBed bed;
    private final List<KeaFollower> followers = new ArrayList<>();
    private final List<LeaseDelays.Summary> summaries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startTestBed() throws Exception {
        bed = new TestBed(CODING, 8).startAll(7);
    }

    @AfterEach
    void stopTestBed() {
        followers.forEach(KeaFollower::close);
        bed.close();
    }

    private AccessNodeAgent startOwner() throws Exception {
        return bed.start("olt-1", config -> new AgentConfig(config.kad(), config.coding(), config.segments(),
            config.capacityBytes(), config.storingTime(), config.deleteGrace(), Duration.ofMillis(100)));
    }

    private KeaFollower follow(final AccessNodeAgent agent, final Path file) throws Exception {
        final var follower = KeaFollower.follow(agent, file, new KeaFollower.Listener() {
            @Override
            public void ready(final String anId, final KeaFollower.Ready ready) {
                // the future tells
            }

            @Override
            public void delays(final String anId, final LeaseDelays.Summary summary) {
                summaries.add(summary);
            }
        });
        followers.add(follower);
        follower.ready().get(30, TimeUnit.SECONDS);
        return follower;
    }

    private static String line(final int host, final long lifetime, final long expiry) {
        return "10.80.1." + host + ",02:00:00:00:01:" + String.format("%02x", host) + ",," + lifetime + "," + expiry
            + ",1,0,0,,0,{ \"ISC\": { \"relay-agent-info\": \"0x0105312F312F" + String.format("%02X", 0x30 + host % 10)
            + "\" } }\n";
    }

    private static void append(final Path file, final String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Set<String> addresses(final List<Session> sessions) {
        return sessions.stream().map(session -> session.ipv4().orElseThrow().getHostAddress())
            .collect(Collectors.toSet());
    }

    private static Set<String> range(final int from, final int to) {
        final var set = new HashSet<String>();
        for (int host = from; host <= to; host++) {
            set.add("10.80.1." + host);
        }
        return set;
    }

    @Test
    void leaseChangesReachTheOverlayAndComeBackIntoAWipedLeaseFile() throws Exception {
        final var file = directory.resolve("leases4.csv");
        final long expiry = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        final var text = new StringBuilder(KeaLease.HEADER).append('\n');
        for (int host = 10; host < 60; host++) {
            text.append(line(host, 3600, expiry));
        }
        append(file, text.toString());
        final var owner = startOwner();
        final var ready = follow(owner, file).ready().get();
        assertEquals(-1, ready.restored(), "Kea's own leases are left alone");
        assertEquals(50, ready.sessions());
        assertEquals(range(10, 59), addresses(owner.memory().all()));

        // Kea grants, renews, releases, declines and reclaims.
        append(file, line(60, 3600, expiry) + line(10, 7200, expiry + 3600) + line(11, 0, expiry - 3600)
            + "10.80.1.12,,,86400,1795977944,1,0,0,,1,\n" + line(13, 3600, expiry).replace(",0,{", ",2,{"));
        final var expected = range(14, 60);
        expected.add("10.80.1.10");
        TestBed.waitFor(() -> addresses(owner.memory().all()).equals(expected));
        final var renewed = owner.memory().all().stream()
            .filter(session -> session.ipv4().orElseThrow().getHostAddress().equals("10.80.1.10")).findFirst()
            .orElseThrow();
        assertEquals(Instant.ofEpochSecond(expiry + 3600), renewed.leaseExpiry());
        assertEquals("1/1/0", renewed.port());

        // Stored within the store interval: any member reads the owner's sessions from the overlay.
        TestBed.waitFor(() -> owner.progress().pendingSegments() == 0 && owner.progress().storingSegments() == 0);
        final var stored = bed.agents.get(0).lookupOf("olt-1").get(60, TimeUnit.SECONDS);
        assertEquals(expected, addresses(stored.sessions()));
        TestBed.waitFor(() -> !summaries.isEmpty());
        assertTrue(summaries.get(0).changes() >= 5, summaries.toString());

        // A power cut: the agent and Kea die, the lease file in RAM is gone.
        followers.forEach(KeaFollower::close);
        bed.kill(owner);
        Files.delete(file);
        final var restarted = startOwner();
        final var back = follow(restarted, file).ready().get();
        assertEquals(expected.size(), back.restored());
        assertEquals(expected.size(), back.sessions());
        try (var tail = new LeaseFileTail(file)) {
            final var leases = tail.readAll();
            assertEquals(expected, leases.stream().map(lease -> lease.address().getHostAddress())
                .collect(Collectors.toSet()));
            assertTrue(leases.stream().allMatch(KeaLease::held));
            assertTrue(leases.stream().allMatch(lease -> lease.relayAgentInfo().circuitId().startsWith("1/1/")));
        }
        assertEquals(new HashSet<>(stored.sessions()), new HashSet<>(restarted.memory().all()));
    }

    @Test
    void sessionsKeaNoLongerHoldsEndWhenTheAgentRestartsBesideARunningKea() throws Exception {
        final var file = directory.resolve("leases4.csv");
        final long expiry = Instant.now().plus(Duration.ofHours(1)).getEpochSecond();
        append(file, KeaLease.HEADER + "\n" + line(20, 3600, expiry) + line(21, 3600, expiry));
        final var owner = startOwner();
        follow(owner, file);
        TestBed.waitFor(() -> owner.progress().pendingSegments() == 0 && owner.progress().storingSegments() == 0
            && owner.progress().storedSegments() > 0);
        followers.forEach(KeaFollower::close);
        bed.kill(owner);
        // Kea releases a lease while the agent is down, and its clean-up leaves only the lease it holds.
        Files.writeString(file, KeaLease.HEADER + "\n" + line(21, 3600, expiry), StandardCharsets.UTF_8);
        final var restarted = startOwner();
        assertEquals(range(20, 21), addresses(restarted.memory().all()), "recovered from the overlay");
        final var ready = follow(restarted, file).ready().get();
        assertEquals(-1, ready.restored());
        assertEquals(range(21, 21), addresses(restarted.memory().all()));
    }
}
