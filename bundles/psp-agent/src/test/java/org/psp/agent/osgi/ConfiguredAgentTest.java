/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentHost;
import org.psp.agent.AgentStatus;
import org.psp.agent.RecoveryReport;
import org.psp.agent.dhcp.KeaLease;

/**
 * Agents started, restarted and stopped from configurations as ConfigAdmin hands them over, on real loopback ports.
 */
class ConfiguredAgentTest {
    private static final String KEY = "the overlay key of the configured agents";

    private final AgentHost host = new AgentHost(1);

    @AfterEach
    void closeHost() {
        host.close();
    }

    private static Map<String, Object> configuration(final String anId, final Object... more) {
        final var properties = new HashMap<String, Object>(Map.of("an-id", anId, "overlay-key", KEY,
            "data-chunks", "2", "coding-chunks", "1", "segments", "2",
            "service.pid", "org.psp.agent~" + anId, "service.factoryPid", "org.psp.agent",
            "felix.fileinstall.filename", "file:/opt/karaf/etc/org.psp.agent-" + anId + ".cfg",
            "component.name", "org.psp.agent.osgi.ConfiguredAgent", "component.id", 7L));
        for (int i = 0; i < more.length; i += 2) {
            properties.put((String) more[i], more[i + 1]);
        }
        return properties;
    }

    private String address(final String anId) {
        final var address = host.agent(anId).orElseThrow().node().contact().address();
        return address.getHostString() + ":" + address.getPort();
    }

    private AccessNodeAgent upWithSessionsStored(final String anId, final int sessions) {
        final var agent = host.agent(anId).orElseThrow();
        await(() -> agent.status() == AgentStatus.UP && agent.memory().size() == sessions
            && agent.progress().pendingSegments() == 0 && agent.progress().storingSegments() == 0,
            anId + " up with its sessions stored");
        return agent;
    }

    private static int freeUdpPort() {
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 60 s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail(e);
            }
        }
    }

    @Test
    void aChangedConfigurationRestartsTheAgentWithItsSessionsRecovered() {
        final var first = new ConfiguredAgent(host, configuration("olt-a"));
        final var second = new ConfiguredAgent(host, configuration("olt-b", "bootstrap", address("olt-a"),
            "sample-sessions", "40"));
        assertEquals("olt-b", second.anId());
        assertEquals(2, upWithSessionsStored("olt-b", 40).progress().storedSegments());

        // ConfigAdmin deactivates the component and activates it with the new configuration.
        second.stop();
        assertFalse(host.agent("olt-b").isPresent());
        final int port = freeUdpPort();
        final var changed = new ConfiguredAgent(host, configuration("olt-b", "bootstrap",
            List.of(address("olt-a")), "sample-sessions", "40", "listen", "127.0.0.1:" + port));
        final var agent = upWithSessionsStored("olt-b", 40);
        final var recovery = agent.lastRecovery().orElseThrow();
        assertEquals(RecoveryReport.Outcome.COMPLETE, recovery.outcome(), recovery.toString());
        assertEquals(40, recovery.sessions());
        assertEquals(port, agent.node().contact().address().getPort());

        changed.stop();
        first.stop();
        assertEquals(List.of(), host.agents());
    }

    @Test
    void aBadConfigurationStartsNothingAndATakenIdLeavesTheRunningAgentAlone() {
        final var bad = new ConfiguredAgent(host, configuration("olt-c", "data-chunks", "0"));
        assertNull(bad.anId());
        bad.stop();
        assertEquals(List.of(), host.agents());

        final var running = new ConfiguredAgent(host, configuration("olt-c"));
        final var agent = host.agent("olt-c").orElseThrow();
        final var duplicate = new ConfiguredAgent(host, configuration("olt-c", "listen", "127.0.0.1:0"));
        assertNull(duplicate.anId());
        duplicate.stop();
        assertSame(agent, host.agent("olt-c").orElseThrow());
        running.stop();
        assertEquals(AgentStatus.STOPPED, agent.status());
    }

    @Test
    void aConfiguredAgentFollowsItsKeaServersLeases(@TempDir final Path ram) throws Exception {
        final var leaseFile = ram.resolve("kea-leases4.csv");
        final long expiry = Instant.now().getEpochSecond() + 3600;
        Files.writeString(leaseFile, KeaLease.HEADER + "\n10.0.0.9,02:00:00:00:00:09,,3600," + expiry
            + ",1,0,0,,0,\n");
        final var member = new ConfiguredAgent(host, configuration("olt-e"));
        final var configured = new ConfiguredAgent(host, configuration("olt-d", "kea-lease-file",
            leaseFile.toString(), "bootstrap", address("olt-e")));
        final var agent = upWithSessionsStored("olt-d", 1);
        assertEquals("subnet-1", agent.memory().all().get(0).port());
        Files.writeString(leaseFile, "10.0.0.9,02:00:00:00:00:09,,0," + expiry + ",1,0,0,,0,\n",
            StandardOpenOption.APPEND);
        upWithSessionsStored("olt-d", 0);
        configured.stop();
        member.stop();
        assertEquals(List.of(), host.agents());
    }
}
