/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.MoreExecutors;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.AccessNetwork;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.AccessNetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.DataChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.NodeStatus;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.access.network.AccessNode;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.access.network.AccessNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.access.network.access.node.LastRecoveryBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.access.network.access.node.SessionBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.access.network.access.node.StoreProgressBuilder;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentAnswer;
import org.psp.agent.AgentCommand;
import org.psp.agent.AgentCommands;
import org.psp.agent.AgentSnapshot;
import org.psp.agent.RecoveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the state of the hosted access nodes, and of the watched remote ones as their agents last told over the
 * overlay, in the operational datastore at {@code /psp:access-network}, every second when it changed.
 */
final class AccessNetworkState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccessNetworkState.class);
    private static final DataObjectIdentifier<AccessNetwork> PATH = DataObjectIdentifier.builder(AccessNetwork.class)
        .build();

    private final DataBroker dataBroker;
    private final HostedAccessNetwork network;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("psp-access-network-state").daemon().factory());
    // Touched on the timer thread only.
    private final Map<String, AccessNode> remote = new HashMap<>();
    private final Set<String> polling = new HashSet<>();
    // What was last heard of each watched node, to tell its changes as notifications: absent until first heard.
    private final Map<String, NodeStatus> heardStatus = new HashMap<>();
    private final Map<String, Optional<Instant>> heardRecovery = new HashMap<>();
    private final Notifications notifications;
    private AccessNetwork published;

    AccessNetworkState(final DataBroker dataBroker, final HostedAccessNetwork network,
            final Notifications notifications) {
        this.dataBroker = dataBroker;
        this.network = network;
        this.notifications = notifications;
        timer.scheduleWithFixedDelay(this::publish, 0, 1, TimeUnit.SECONDS);
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private void publish() {
        // A failure must not end the schedule: the state would freeze.
        try {
            publishChanges();
        } catch (RuntimeException e) {
            LOG.warn("PSP access network state not published", e);
        }
    }

    private void publishChanges() {
        // One entry per node: a node running here shows its state, not a failure of an earlier start.
        final var nodes = new LinkedHashMap<String, AccessNode>();
        network.agents().forEach(agent -> nodes.put(agent.anId(), hostedState(agent)));
        network.failures().forEach((anId, reason) -> nodes.putIfAbsent(anId, new AccessNodeBuilder()
            .setAnId(new AnId(anId)).setHosted(true).setStatus(NodeStatus.Failed).setError(reason).build()));
        final var watched = network.watched();
        remote.keySet().retainAll(watched);
        heardStatus.keySet().retainAll(watched);
        heardRecovery.keySet().retainAll(watched);
        watched.forEach(anId -> {
            nodes.putIfAbsent(anId, remote.computeIfAbsent(anId, id -> new AccessNodeBuilder().setAnId(new AnId(id))
                .setHosted(false).build()));
            poll(anId);
        });
        final var current = new AccessNetworkBuilder().setAccessNode(BindingMap.of(List.copyOf(nodes.values())))
            .build();
        if (current.equals(published)) {
            return;
        }
        final var tx = dataBroker.newWriteOnlyTransaction();
        tx.put(LogicalDatastoreType.OPERATIONAL, PATH, current);
        tx.commit().addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                // published
            }

            @Override
            public void onFailure(final Throwable cause) {
                LOG.warn("PSP access network state not published", cause);
                // Written again at the next tick.
                timer.execute(() -> published = null);
            }
        }, MoreExecutors.directExecutor());
        published = current;
    }

    /**
     * Asks a watched remote access node for its state, unless the last question is still open; the answer shows at
     * the next tick.
     */
    private void poll(final String anId) {
        if (!polling.add(anId)) {
            return;
        }
        network.command(anId, new AgentCommand.Status()).whenComplete((answer, failure) -> timer.execute(() -> {
            polling.remove(anId);
            if (!network.watched().contains(anId)) {
                return;
            }
            if (answer instanceof AgentAnswer.State state) {
                remote.put(anId, new AccessNodeBuilder(state(state.snapshot())).setHosted(false).build());
                heard(anId, Notifications.status(state.snapshot().status()));
                heard(anId, state.snapshot().lastRecovery());
            } else {
                final var reason = failure != null ? AgentCommands.reason(failure)
                    : answer instanceof AgentAnswer.Refused refused ? refused.reason() : "unexpected answer " + answer;
                remote.put(anId, new AccessNodeBuilder().setAnId(new AnId(anId)).setHosted(false)
                    .setStatus(NodeStatus.Unreachable).setError(reason).build());
                heard(anId, NodeStatus.Unreachable);
            }
        }));
    }

    /** Notes a watched node's status; a change since it was last heard is published. */
    private void heard(final String anId, final NodeStatus status) {
        final var before = heardStatus.put(anId, status);
        if (before != null && before != status) {
            notifications.statusChanged(anId, status);
        }
    }

    /** Notes a watched node's last recovery; one that finished since it was last heard is published. */
    private void heard(final String anId, final Optional<RecoveryReport> recovery) {
        final var finished = recovery.map(RecoveryReport::finished);
        final var before = heardRecovery.put(anId, finished);
        if (before != null && finished.isPresent() && !finished.equals(before)) {
            notifications.recovered(anId, recovery.orElseThrow());
        }
    }

    private static AccessNode hostedState(final AccessNodeAgent agent) {
        final var sessions = agent.memory().all().stream()
            .map(session -> new SessionBuilder(SessionMapping.toYang(session)).build()).toList();
        return new AccessNodeBuilder(state(AgentSnapshot.of(agent))).setHosted(true)
            .setSessionCount(Uint32.valueOf(sessions.size()))
            .setSession(BindingMap.of(sessions))
            .build();
    }

    /** The state an agent reports, without its sessions. */
    private static AccessNode state(final AgentSnapshot agent) {
        final var progress = agent.progress();
        return new AccessNodeBuilder()
            .setAnId(new AnId(agent.anId()))
            .setNodeId(HexFormat.of().toHexDigits(agent.nodeId().high())
                + HexFormat.of().toHexDigits(agent.nodeId().low()))
            .setStatus(Notifications.status(agent.status()))
            .setUdpPort(new PortNumber(Uint16.valueOf(agent.udpPort())))
            .setTcpPort(new PortNumber(Uint16.valueOf(agent.tcpPort())))
            .setRoutingTableSize(Uint32.valueOf(agent.routingTableSize()))
            .setSessionCount(Uint32.valueOf(agent.sessionCount()))
            .setDataChunks(new DataChunkCount(Uint8.valueOf(agent.coding().dataChunks())))
            .setCodingChunks(new CodingChunkCount(Uint8.valueOf(agent.coding().codingChunks())))
            .setStoredChunks(Uint64.valueOf(agent.storedChunks()))
            .setStoredBytes(Uint64.valueOf(agent.storedBytes()))
            .setRefusedStores(Uint64.valueOf(agent.refusedStores()))
            .setManifestGeneration(Uint64.valueOf(agent.manifestGeneration()))
            .setStoreProgress(new StoreProgressBuilder()
                .setPendingSegments(Uint32.valueOf(progress.pendingSegments()))
                .setStoringSegments(Uint32.valueOf(progress.storingSegments()))
                .setStoredSegments(Uint64.valueOf(progress.storedSegments()))
                .setConsecutiveFailures(Uint32.valueOf(progress.consecutiveFailures()))
                .setLastError(progress.lastError().isEmpty() ? null : progress.lastError())
                .build())
            .setLastRecovery(agent.lastRecovery().map(report -> new LastRecoveryBuilder(Notifications.report(report))
                .setFinished(new DateAndTime(report.finished().toString())).build()).orElse(null))
            .build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        final var tx = dataBroker.newWriteOnlyTransaction();
        tx.delete(LogicalDatastoreType.OPERATIONAL, PATH);
        try {
            tx.commit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("PSP access network state not removed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
