/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;

/**
 * An access network of five agents on 127.0.0.1 storing 8 + 4 stripes: fewer other nodes (4) than chunks (12), so
 * each holds three of every stripe, and any one of them may be down.
 */
class AgentFewNodesTest {
    private static final CodingParameters CODING = new CodingParameters(8, 4);
    private static final int SEGMENTS = 8;

    private TestBed bed;

    @BeforeEach
    void startTestBed() throws Exception {
        bed = new TestBed(CODING, SEGMENTS).startAll(5);
    }

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    @Test
    void everyStripeIsSpreadEvenlyAndSurvivesAHolderDown() throws Exception {
        final var owner = bed.agents.get(0);
        final var sessions = bed.fill(owner, 300);
        assertEquals(SEGMENTS, owner.versions().size());
        for (var version : owner.versions().values()) {
            final Map<NodeId, Integer> held = new HashMap<>();
            version.holders().forEach(holder -> held.merge(holder, 1, Integer::sum));
            assertEquals(List.of(3, 3, 3, 3), held.values().stream().sorted().toList(), "chunks per holder");
            assertFalse(held.containsKey(owner.node().id()), "the owner holds none of its own chunks");
        }

        // One holder down takes 3 chunks of every stripe with it; 9 of 12 still restore it, with the owner down too.
        bed.kill(bed.agents.get(1));
        bed.kill(owner);
        final var read = bed.agents.get(0).lookupOf("an-0").get(60, TimeUnit.SECONDS);
        assertTrue(read.report().complete(), read.report().toString());
        assertEquals(new HashSet<>(sessions), new HashSet<>(read.sessions()));
    }
}
