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
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.PortNumber;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AccessNetwork;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AccessNetworkBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatus;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.AccessNode;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.AccessNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.AccessNodeKey;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.Coordination;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.CoordinationBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.LastRecoveryBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.Reservations;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.ReservationsBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.StoreProgressBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.Usefulness;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.UsefulnessBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.coordination.CoordinatedDataBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.access.node.coordination.StripeBuilder;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.agent.AgentCommands;
import org.psp.agent.AgentSnapshot;
import org.psp.agent.CoordinationStatus;
import org.psp.agent.RecoveryReport;
import org.psp.agent.UsefulnessStatus;
import org.psp.store.ReservationCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the state of the hosted access nodes, and of the watched remote ones as their agents push it over the
 * overlay, in the operational datastore at {@code /psp:access-network}: one entry per node, each written only when it
 * changed, at most once a second; a second in which nothing changed writes nothing. Sessions are not part of the
 * state (an access node may have tens of thousands): they are read on demand with the {@code sessions} operation.
 *
 * <p>A watched node is asked to push its state for {@link #WATCH_LEASE} and the watch is renewed every
 * {@link #WATCH_RENEWAL}; a renewal also answers with the state, so a lost push is made good within a renewal, and a
 * node that no longer answers shows as unreachable.
 *
 * <p>Everything here runs on one thread, the state thread; pushes and answers hop onto it.
 */
final class AccessNetworkState implements AutoCloseable {
    static final Duration WATCH_RENEWAL = Duration.ofSeconds(5);
    static final Duration WATCH_LEASE = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(AccessNetworkState.class);
    /** A coefficient shown as at most this: a node that took a few bytes and gave gigabytes. */
    private static final double MAX_COEFFICIENT = 1e9;
    private static final DataObjectIdentifier<AccessNetwork> PATH = DataObjectIdentifier.builder(AccessNetwork.class)
        .build();

    private final DataBroker dataBroker;
    private final HostedAccessNetwork network;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("psp-access-network-state").daemon().factory());
    private final Notifications notifications;
    // Touched on the state thread only.
    private final Map<String, Watched> watched = new HashMap<>();
    // What the datastore holds, or null when it must be written whole (at the start and after a failed write).
    private Map<String, AccessNode> published;

    /** A watched remote node: what was last heard of it and when its watch is renewed. */
    private static final class Watched {
        private AccessNode state;
        private long renewalNanos;
        private boolean renewing;
        // What was last heard, to tell its changes as notifications: null until first heard.
        private NodeStatus heardStatus;
        private Optional<Instant> heardRecovery;
        private CoordinationStatus heardCoordination;

        Watched(final String anId, final long now) {
            state = new AccessNodeBuilder().setAnId(new AnId(anId)).setHosted(false).build();
            renewalNanos = now;
        }
    }

    AccessNetworkState(final DataBroker dataBroker, final HostedAccessNetwork network,
            final Notifications notifications) {
        this.dataBroker = dataBroker;
        this.network = network;
        this.notifications = notifications;
        network.onStatePushed(this::pushed);
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
        final var nodes = new HashMap<String, AccessNode>();
        network.agents().forEach(agent -> nodes.put(agent.anId(), new AccessNodeBuilder(state(AgentSnapshot.of(
            agent))).setHosted(true).build()));
        network.failures().forEach((anId, reason) -> nodes.putIfAbsent(anId, new AccessNodeBuilder()
            .setAnId(new AnId(anId)).setHosted(true).setStatus(NodeStatus.Failed).setError(reason).build()));
        final var wanted = network.watched();
        watched.keySet().retainAll(wanted);
        final long now = System.nanoTime();
        wanted.forEach(anId -> {
            final var node = watched.computeIfAbsent(anId, id -> new Watched(id, now));
            if (!node.renewing && now - node.renewalNanos >= 0) {
                renew(anId, node);
            }
            nodes.putIfAbsent(anId, node.state);
        });
        write(nodes);
    }

    /** Writes the entries that changed since the last write, and deletes those of nodes that are gone. */
    private void write(final Map<String, AccessNode> nodes) {
        final var before = published;
        if (nodes.equals(before)) {
            return;
        }
        final var tx = dataBroker.newWriteOnlyTransaction();
        if (before == null) {
            tx.put(LogicalDatastoreType.OPERATIONAL, PATH, new AccessNetworkBuilder()
                .setAccessNode(BindingMap.of(List.copyOf(nodes.values()))).build());
        } else {
            before.keySet().stream().filter(anId -> !nodes.containsKey(anId))
                .forEach(anId -> tx.delete(LogicalDatastoreType.OPERATIONAL, path(anId)));
            nodes.forEach((anId, node) -> {
                if (!node.equals(before.get(anId))) {
                    tx.put(LogicalDatastoreType.OPERATIONAL, path(anId), node);
                }
            });
        }
        tx.commit().addCallback(new FutureCallback<CommitInfo>() {
            @Override
            public void onSuccess(final CommitInfo result) {
                // published
            }

            @Override
            public void onFailure(final Throwable cause) {
                LOG.warn("PSP access network state not published", cause);
                // Written whole at the next tick.
                onStateThread(() -> published = null);
            }
        }, MoreExecutors.directExecutor());
        published = nodes;
    }

    private static DataObjectIdentifier<AccessNode> path(final String anId) {
        return DataObjectIdentifier.builder(AccessNetwork.class).child(AccessNode.class,
            new AccessNodeKey(new AnId(anId))).build();
    }

    /** Renews the watch of a remote node; its answer, or why there is none, shows at the next tick. */
    private void renew(final String anId, final Watched node) {
        node.renewing = true;
        network.watch(anId, WATCH_LEASE).whenComplete((state, failure) -> onStateThread(() -> {
            node.renewing = false;
            node.renewalNanos = System.nanoTime() + WATCH_RENEWAL.toNanos();
            if (watched.get(anId) != node) {
                return;
            }
            if (failure == null) {
                heard(node, state);
            } else {
                node.state = new AccessNodeBuilder().setAnId(new AnId(anId)).setHosted(false)
                    .setStatus(NodeStatus.Unreachable).setError(AgentCommands.reason(failure)).build();
                heard(anId, node, NodeStatus.Unreachable);
            }
        }));
    }

    /** Takes a state a watched node pushed; called on an event loop. Returns whether the node is still watched. */
    private boolean pushed(final AgentSnapshot state) {
        if (!network.watches(state.anId())) {
            return false;
        }
        onStateThread(() -> {
            final var node = watched.get(state.anId());
            if (node != null) {
                heard(node, state);
            }
        });
        return true;
    }

    private void heard(final Watched node, final AgentSnapshot state) {
        node.state = new AccessNodeBuilder(state(state)).setHosted(false).build();
        heard(state.anId(), node, Notifications.status(state.status()));
        final var recovery = state.lastRecovery();
        final var finished = recovery.map(RecoveryReport::finished);
        final var before = node.heardRecovery;
        node.heardRecovery = finished;
        if (before != null && finished.isPresent() && !finished.equals(before)) {
            notifications.recovered(state.anId(), recovery.orElseThrow());
        }
        final var coordination = state.coordination();
        final var heardBefore = node.heardCoordination;
        node.heardCoordination = coordination;
        if (heardBefore != null) {
            notifications.coordinationChanged(state.anId(), heardBefore, coordination);
        }
    }

    /** Notes a watched node's status; a change since it was last heard is published. */
    private void heard(final String anId, final Watched node, final NodeStatus status) {
        final var before = node.heardStatus;
        node.heardStatus = status;
        if (before != null && before != status) {
            notifications.statusChanged(anId, status);
        }
    }

    /** The state an agent reports. */
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
            .setReservations(reservations(agent.reservations()))
            .setUsefulness(usefulness(agent.usefulness()))
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
            .setCoordination(coordination(agent.coordination()))
            .build();
    }

    /** A node's part in keeping data available, as psp.yang shows it. */
    private static Usefulness usefulness(final UsefulnessStatus status) {
        return new UsefulnessBuilder()
            .setCoefficient(status.coefficient().map(coefficient -> Decimal64.valueOf(BigDecimal.valueOf(
                Math.min(coefficient, MAX_COEFFICIENT)).setScale(3, RoundingMode.HALF_EVEN))).orElse(null))
            .setGivenBytes(Uint64.valueOf(status.given()))
            .setSpecialGivenBytes(Uint64.valueOf(status.specialGiven()))
            .setTakenBytes(Uint64.valueOf(status.taken()))
            .setSpecialTakenBytes(Uint64.valueOf(status.specialTaken()))
            .setRefusedPlacements(Uint64.valueOf(status.refusedPlacements()))
            .setRefusedOthers(Uint64.valueOf(status.refusedOthers()))
            .build();
    }

    private static Reservations reservations(final ReservationCounters counters) {
        return new ReservationsBuilder()
            .setHeld(Uint64.valueOf(counters.held()))
            .setHeldBytes(Uint64.valueOf(counters.heldBytes()))
            .setGranted(Uint64.valueOf(counters.granted()))
            .setUsed(Uint64.valueOf(counters.used()))
            .setLapsed(Uint64.valueOf(counters.lapsed()))
            .setRefused(Uint64.valueOf(counters.refused()))
            .build();
    }

    private static Coordination coordination(final CoordinationStatus status) {
        final var counters = status.counters();
        return new CoordinationBuilder()
            .setHeartbeatsSent(Uint64.valueOf(counters.heartbeatsSent()))
            .setHeartbeatsReceived(Uint64.valueOf(counters.heartbeatsReceived()))
            .setRefused(Uint64.valueOf(counters.refused()))
            .setElections(Uint64.valueOf(counters.elections()))
            .setHandOvers(Uint64.valueOf(counters.handOvers()))
            .setStripesRepaired(Uint64.valueOf(counters.stripesRepaired()))
            .setChunksRepaired(Uint64.valueOf(counters.chunksRepaired()))
            .setRepairReads(Uint64.valueOf(counters.repairReads()))
            .setRepairWrites(Uint64.valueOf(counters.repairWrites()))
            .setCoordinatedData(BindingMap.ordered(status.coordinated().stream().map(owner ->
                new CoordinatedDataBuilder()
                    .setOwner(new AnId(owner.owner()))
                    .setStripes(Uint32.valueOf(owner.stripes()))
                    .setWholeStripes(Uint32.valueOf(owner.wholeStripes()))
                    .setFewestLiveChunks(Uint16.valueOf(owner.fewestLive()))
                    .setReportingHolders(Uint32.valueOf(owner.reportingHolders()))
                    .setCounted(owner.counted())
                    .build()).toList()))
            .setStripe(BindingMap.ordered(status.lowestMargins().stream().map(margin -> new StripeBuilder()
                .setOwner(new AnId(margin.owner()))
                .setSegment(Uint32.valueOf(margin.segment()))
                .setGeneration(Uint64.valueOf(margin.generation()))
                .setLiveChunks(Uint16.valueOf(margin.live()))
                .setNeededChunks(Uint16.valueOf(margin.needed()))
                .setTotalChunks(Uint16.valueOf(margin.total()))
                .build()).toList()))
            .build();
    }

    /** Runs a task on the state thread, unless this state is closed. */
    private void onStateThread(final Runnable task) {
        try {
            timer.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed: nothing is published any more.
        }
    }

    /**
     * Stops publishing and removes the state from the datastore. A tick that is running finishes first: its write,
     * committed after the removal, would bring the state back.
     */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("PSP access network state: a tick still runs after 10 s; removing the state anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
