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

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;

/** The usefulness coefficient bounds what a node places in others, on real sockets. */
class AgentFairnessTest {
    private final TestBed bed = new TestBed(new CodingParameters(4, 4), 8);

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    @Test
    void theDefaultsNeverHoldBackAnAccessNetworkWhereEveryNodeStoresAboutWhatItHolds() throws Exception {
        bed.startAll(10);
        for (var agent : bed.agents) {
            bed.fill(agent, 300);
        }
        for (var agent : bed.agents) {
            final var account = agent.usefulness();
            assertEquals(0, account.refusedPlacements(), agent.anId());
            assertEquals(0, account.refusedOthers(), agent.anId());
            assertTrue(account.taken() > 0 && account.given() > 0, account.toString());
            final double coefficient = account.coefficient().orElseThrow();
            assertTrue(coefficient > 0.25 && coefficient < 4, agent.anId() + ": " + account);
        }
    }

    @Test
    void holdersRefuseANodeThatTakesFarMoreThanItGivesAndSayWhy() throws Exception {
        // The holders allow nothing beyond what a node gives; the owner does not hold itself back.
        bed.startAll(8, config -> config.withFairness(config.anId().equals("an-0")
            ? new FairnessSettings(1, 1, 0, -1) : new FairnessSettings(1, 1, 1, 0)));
        final var owner = bed.agents.get(0);
        bed.grant(owner, 100);
        // On a loaded machine a holder may also miss a request's deadline, and that can be the last error of an
        // attempt: the owner tries again until a holder's refusal is what it reports.
        final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        do {
            owner.storeChanges().get(60, TimeUnit.SECONDS);
        } while (!owner.progress().lastError().contains("usefulness") && System.nanoTime() < deadline);

        assertTrue(owner.progress().pendingSegments() > 0);
        assertTrue(owner.progress().lastError().contains("usefulness 0.000 below 1.000"),
            owner.progress().lastError());
        final var holders = bed.agents.subList(1, 8);
        assertTrue(holders.stream().mapToLong(holder -> holder.usefulness().refusedOthers()).sum() > 0);
        assertEquals(0, holders.stream().mapToLong(holder -> holder.chunkStore().counters().chunks()).sum(),
            "no chunk of the owner written");
        assertEquals(0, owner.usefulness().taken());
    }

    @Test
    void aNodeHoldsItselfBackBeyondItsAllowanceAndCounts() throws Exception {
        bed.startAll(6, config -> config.anId().equals("an-0")
            ? config.withFairness(new FairnessSettings(1, 1, 0.5, 0)) : config);
        final var owner = bed.agents.get(0);
        bed.grant(owner, 100);
        owner.storeChanges().get(60, TimeUnit.SECONDS);

        assertTrue(owner.progress().lastError().contains("usefulness 0.000 below 0.500"),
            owner.progress().lastError());
        assertTrue(owner.usefulness().refusedPlacements() > 0);
        assertEquals(Optional.empty(), owner.usefulness().coefficient(), "nothing placed, nothing taken");
        assertEquals(0, bed.agents.stream().mapToLong(agent -> agent.chunkStore().reservations().granted()).sum(),
            "not even asked for room");
    }
}
