/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;
import org.psp.store.ReservationCounters;

/**
 * What an agent reports about itself: the operational state a controller shows for an access node, whether it
 * hosts the agent or asks it over the overlay.
 *
 * @param anId the access node
 * @param nodeId its overlay id
 * @param status where it is in its life
 * @param udpPort its Kad port
 * @param tcpPort its chunk-transfer port
 * @param routingTableSize contacts it knows
 * @param sessionCount its own sessions in memory
 * @param coding m and k of new stores
 * @param storedChunks chunks it holds for others
 * @param storedBytes their bytes
 * @param refusedStores stores it refused, full
 * @param reservations the room it set aside for placements
 * @param usefulness its account of give and take with the others
 * @param manifestGeneration the generation of its manifest last stored or recovered
 * @param progress how storing its changes is going
 * @param lastRecovery its last recovery, if any
 * @param coordination its part in keeping data available
 */
public record AgentSnapshot(String anId, NodeId nodeId, AgentStatus status, int udpPort, int tcpPort,
        int routingTableSize, int sessionCount, CodingParameters coding, long storedChunks, long storedBytes,
        long refusedStores, ReservationCounters reservations, UsefulnessStatus usefulness, long manifestGeneration,
        StoreProgress progress, Optional<RecoveryReport> lastRecovery, CoordinationStatus coordination) {
    /**
     * Checks the components.
     */
    public AgentSnapshot {
        requireNonNull(anId);
        requireNonNull(nodeId);
        requireNonNull(status);
        requireNonNull(coding);
        requireNonNull(reservations);
        requireNonNull(usefulness);
        requireNonNull(progress);
        requireNonNull(lastRecovery);
        requireNonNull(coordination);
    }

    /**
     * Takes a snapshot of a running agent.
     *
     * @param agent the agent
     * @return its state now
     */
    public static AgentSnapshot of(final AccessNodeAgent agent) {
        final var contact = agent.node().contact();
        final var counters = agent.chunkStore().counters();
        return new AgentSnapshot(agent.anId(), agent.node().id(), agent.status(), contact.address().getPort(),
            contact.tcpPort(), agent.node().routingTable().size(), agent.memory().size(), agent.coding(),
            counters.chunks(), counters.bytes(), counters.refusedStores(), agent.chunkStore().reservations(),
            agent.usefulness(), agent.manifestGeneration(),
            agent.progress(), agent.lastRecovery(), agent.coordinationStatus());
    }
}
