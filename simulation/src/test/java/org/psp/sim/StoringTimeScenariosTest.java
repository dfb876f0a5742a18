/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.agent.AgentConfig;
import org.psp.agent.CoordinationSettings;
import org.psp.erasure.CodingParameters;

/**
 * Live owners keep their chunks stored for many storing times, in simulated access networks: through their holders'
 * heartbeats where holders report at least six times per storing time, else by asking every holder.
 */
class StoringTimeScenariosTest {
    private static final CodingParameters CODING = new CodingParameters(4, 4);
    private static final Duration STORING_TIME = Duration.ofMinutes(30);
    private static final int NODES = 20;
    private static final int SEGMENTS = 16;

    private static SimulatedAccessNetwork storedFor(final Duration interval, final Duration span) {
        final var net = new SimulatedAccessNetwork(NODES, 30, CODING, LinkModel.accessNetwork(), 5, config ->
            new AgentConfig(config.kad(), config.coding(), SEGMENTS, config.capacityBytes(), STORING_TIME,
                config.deleteGrace(), config.storeInterval(), config.index().withEnabled(false),
                new CoordinationSettings(interval, -1, true)));
        assertTrue(net.startAllAndStore(Duration.ofSeconds(1)), "every node stored its sessions");
        net.time().runUntil(net.time().nanoTime() + span.toNanos());
        return net;
    }

    /**
     * Checks that no chunk ran out (an owner would store its segment again, and its data would still read) and that
     * every owner reads all its sessions.
     */
    private static void assertEveryChunkKeptAndEveryOwnerReadsAllItsSessions(final SimulatedAccessNetwork net) {
        long expired = 0;
        for (int node = 0; node < NODES; node++) {
            expired += net.agent(node).orElseThrow().chunkStore().counters().expirations();
        }
        assertEquals(0, expired, "chunks whose storing time ran out");
        for (int node = 0; node < NODES; node++) {
            final var agent = net.agent(node).orElseThrow();
            final var read = agent.lookup(false);
            net.time().runWhile(() -> !read.isDone(), net.time().nanoTime() + TimeUnit.MINUTES.toNanos(10));
            final var retrieval = read.join();
            assertTrue(retrieval.report().complete(), "node " + node + ": " + retrieval.report());
            assertEquals(new HashSet<>(agent.memory().all()), new HashSet<>(retrieval.sessions()), "node " + node);
        }
    }

    @Test
    void holdersThatReportSixTimesPerStoringTimeExtendTheChunksFromTheirHeartbeatsAnswersAlone() {
        final var net = storedFor(STORING_TIME.dividedBy(6), STORING_TIME.multipliedBy(4));

        assertEquals(0L, net.network().traffic().messagesByType().getOrDefault("Extend", 0L),
            "no holder was asked to extend a chunk");
        assertEveryChunkKeptAndEveryOwnerReadsAllItsSessions(net);
    }

    @Test
    void holdersThatReportLessOftenAreEachAskedToExtendTheChunks() {
        final var net = storedFor(STORING_TIME.dividedBy(5), STORING_TIME.multipliedBy(4));

        // Every chunk, at most of the twelve extensions of two hours.
        assertTrue(net.network().traffic().messagesByType().getOrDefault("Extend", 0L)
            >= 8L * NODES * SEGMENTS * CODING.totalChunks(),
            "extensions asked: " + net.network().traffic().messagesByType());
        assertEveryChunkKeptAndEveryOwnerReadsAllItsSessions(net);
    }
}
