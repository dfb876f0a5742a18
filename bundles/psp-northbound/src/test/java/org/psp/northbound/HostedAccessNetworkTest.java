/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatus;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatusChanged;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Psp;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.PspBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.AccessNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.CodingBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.OverlayBuilder;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentAnswer;
import org.psp.agent.AgentCommand;
import org.psp.agent.AgentStatus;
import org.psp.erasure.CodingParameters;

/**
 * The controller's hosted access nodes on 127.0.0.1, driven by configurations as the datastore would hand them over:
 * agents start, answer, are read through the overlay, stop and re-encode as the configuration says.
 */
class HostedAccessNetworkTest {
    private static final String KEY = "an overlay key of the unit test";
    private static final int SAMPLE_SESSIONS = 40;

    private final RecordingDataBroker mdsal = new RecordingDataBroker();
    private final HostedAccessNetwork network = new HostedAccessNetwork(mdsal.broker(),
        new Notifications(mdsal.publisher()));

    @AfterEach
    void closeNetwork() {
        network.close();
    }

    @Test
    void hostedNodesFollowTheConfiguration() throws Exception {
        network.dataChangedTo(psp(KEY, new CodingParameters(4, 2), "an-1", "an-2", "an-3"));
        waitFor(() -> storedIds().equals(Set.of("an-1", "an-2", "an-3")), "three nodes up, their sessions stored");
        assertTrue(mdsal.published.stream().anyMatch(notification -> notification instanceof NodeStatusChanged changed
            && changed.getAnId().getValue().equals("an-3") && changed.getStatus() == NodeStatus.Up), "an-3 up told");

        // A hosted node answers on its agent; any node's data is read through the overlay.
        final var answer = network.command("an-2", new AgentCommand.Status()).get(30, TimeUnit.SECONDS);
        assertEquals("an-2", assertInstanceOf(AgentAnswer.State.class, answer).snapshot().anId());
        // A read right after a store may meet a manifest replica of the round before (a publish needs one replica
        // stored, not all): complete, but older. The newest shows within a few reads.
        waitFor(() -> readsAll("an-3"), "an-3 read complete with its " + SAMPLE_SESSIONS + " sessions");
        waitFor(() -> watchedUp("an-1"), "an-1 watched through the overlay client");

        // An entry removed stops its node; a new coding re-encodes every hosted node's data.
        network.dataChangedTo(psp(KEY, new CodingParameters(2, 1), "an-1", "an-2"));
        waitFor(() -> network.agents().stream().map(AccessNodeAgent::anId).collect(Collectors.toSet())
            .equals(Set.of("an-1", "an-2")), "an-3 stopped");
        assertEquals(new CodingParameters(2, 1), network.coding());
        waitFor(() -> network.agents().stream().allMatch(agent -> agent.coding().equals(new CodingParameters(2, 1))
            && agent.progress().pendingSegments() == 0), "both re-encoded as 2+1");
        assertTrue(network.failures().isEmpty(), network.failures().toString());
    }

    @Test
    void withoutAnOverlayKeyNoNodeStartsAndEachSaysWhy() throws Exception {
        network.dataChangedTo(psp(null, CodingParameters.DEFAULT, "an-1", "an-2"));
        final var reason = "set /psp:psp/overlay/key to start access nodes";
        waitFor(() -> network.failures().equals(Map.of("an-1", reason, "an-2", reason)), "both refused");
        assertTrue(network.agents().isEmpty());
        network.command("an-1", new AgentCommand.Status()).handle((answer, failure) -> {
            assertTrue(failure != null && failure.getMessage().contains("overlay/key is not set"), String.valueOf(
                failure));
            return null;
        }).get(30, TimeUnit.SECONDS);
    }

    /** Whether a read of the node's data through the overlay is complete and holds all its sample sessions. */
    private boolean readsAll(final String anId) {
        return network.read(anId).handle((read, failure) -> failure == null && read.report().complete()
            && read.sessions().size() == SAMPLE_SESSIONS).join();
    }

    /** Whether the overlay client finds the node and it answers UP; false while the client knows no member yet. */
    private boolean watchedUp(final String anId) {
        return network.watch(anId, Duration.ofSeconds(20)).handle((state, failure) -> failure == null
            && state.status() == AgentStatus.UP).join();
    }

    /** The hosted nodes that are up and have stored their sample sessions. */
    private Set<String> storedIds() {
        return network.agents().stream().filter(agent -> agent.status() == AgentStatus.UP
            && agent.manifestGeneration() > 0 && agent.progress().pendingSegments() == 0)
            .map(AccessNodeAgent::anId).collect(Collectors.toSet());
    }

    private static Psp psp(final String key, final CodingParameters coding, final String... anIds) {
        return new PspBuilder()
            .setOverlay(new OverlayBuilder().setKey(key).build())
            .setCoding(new CodingBuilder().setDataChunks(new DataChunkCount(Uint8.valueOf(coding.dataChunks())))
                .setCodingChunks(new CodingChunkCount(Uint8.valueOf(coding.codingChunks()))).build())
            .setAccessNode(BindingMap.of(Stream.of(anIds).map(anId -> new AccessNodeBuilder().setAnId(new AnId(anId))
                .setSampleSessions(Uint32.valueOf(SAMPLE_SESSIONS)).build()).toList()))
            .build();
    }

    private static void waitFor(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 60 s");
            Thread.sleep(50);
        }
    }
}
