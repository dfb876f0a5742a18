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

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;

/** A stripe stored while its owner knew few nodes spreads out once more nodes are there, on real sockets. */
class AgentSpreadTest {
    private static final CodingParameters CODING = new CodingParameters(4, 4);
    private static final UnaryOperator<AgentConfig> OFTEN = config -> config.withCoordination(
        new CoordinationSettings(Duration.ofMillis(200), CODING.codingChunks() - 1, true));

    private final TestBed bed = new TestBed(CODING, 4);

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    private static int mostOnOneNode(final AccessNodeAgent owner) {
        return owner.versions().values().stream().mapToInt(version -> {
            final var perHolder = new HashMap<NodeId, Integer>();
            version.holders().forEach(holder -> perHolder.merge(holder, 1, Integer::sum));
            return perHolder.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }).max().orElse(0);
    }

    @Test
    void theOwnerStoresAStripeAgainWhenOneNodeHoldsMoreThanItsShare() throws Exception {
        bed.startAll(3, OFTEN);
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 100));
        assertEquals(4, mostOnOneNode(owner), "8 chunks on the 2 other nodes");

        for (int i = 3; i < 10; i++) {
            bed.start("an-" + i, OFTEN);
        }
        // The owner asks for the stripes to be stored again; the test bed's agents store only when told to.
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (owner.node().routingTable().size() < 9 || mostOnOneNode(owner) > 2) {
            assertTrue(System.nanoTime() < deadline, "still " + mostOnOneNode(owner) + " chunks of a stripe on one "
                + "node, " + owner.node().routingTable().size() + " nodes known");
            owner.storeChanges().get(60, TimeUnit.SECONDS);
            Thread.sleep(100);
        }
        final var read = owner.lookup(false).get(60, TimeUnit.SECONDS);
        assertTrue(read.report().complete(), read.report().toString());
        assertEquals(sessions, new HashSet<>(read.sessions()));
    }
}
