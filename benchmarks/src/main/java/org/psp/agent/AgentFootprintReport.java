/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Prints the RAM the overlay spends per byte of an access node's session data: 10,000 sessions of one node stored
 * among 32 agents at 16 + 16, as bytes held in the agents' chunk stores (chunks with their headers, and the manifest's
 * replicas) and as the heap it takes (the heap with the data stored less the heap once the owner's copy is deleted
 * and purged, so that connections and buffer pools count in neither), both against the encoded size of the sessions
 * measured in the same run.
 */
public final class AgentFootprintReport {
    private AgentFootprintReport() {
        // main only
    }

    /**
     * Runs the measurement.
     *
     * @param args none
     * @throws Exception if the network fails
     */
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public static void main(final String[] args) throws InterruptedException, ExecutionException, TimeoutException {
        try (var network = new AgentNetwork(AgentBenchmark.AGENTS)) {
            for (var session : SampleSessions.of("an-0", AgentBenchmark.SESSIONS, Instant.now())) {
                network.owner().memory().apply(new SessionEvent.Granted(session));
            }
            network.owner().storeChanges().get();
            final long heapStored = usedHeap();
            final long data = network.owner().versions().values().stream().mapToLong(SegmentVersion::length).sum();
            final long held = network.agents.stream().mapToLong(agent -> agent.chunkStore().counters().bytes()).sum();
            final long chunks = network.agents.stream().mapToLong(agent -> agent.chunkStore().counters().chunks())
                .sum();
            System.out.printf("%,d sessions of one node, %d segments at %s, %d agents%n", AgentBenchmark.SESSIONS,
                network.owner().versions().size(), AgentNetwork.CODING, AgentBenchmark.AGENTS);
            System.out.printf("session data (encoded segments): %,12d bytes%n", data);
            System.out.printf("held by the agents' stores:      %,12d bytes in %,d values  %.3f bytes per byte%n",
                held, chunks, (double) held / data);
            network.owner().delete().get();
            while (network.agents.stream().anyMatch(agent -> agent.chunkStore().counters().chunks() > 0)) {
                Thread.sleep(100);
            }
            final long heapTaken = heapStored - usedHeap();
            System.out.printf("heap taken by them:              %,12d bytes                %.3f bytes per byte%n",
                heapTaken, (double) heapTaken / data);
        }
    }

    private static long usedHeap() throws InterruptedException {
        final var runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }
}
