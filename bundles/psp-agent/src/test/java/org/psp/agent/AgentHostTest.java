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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;

/**
 * Agents hosted in one JVM form one overlay on their own and store their sample sessions.
 */
class AgentHostTest {
    private final TestBed settings = new TestBed(new CodingParameters(2, 1), 4);

    @Test
    void hostedAgentsJoinEachOtherAndStoreTheirSampleSessions() throws Exception {
        try (var host = new AgentHost(2)) {
            for (int i = 0; i < 4; i++) {
                host.start(settings.config("an-" + i), List.of(), 50, new AgentListener() { })
                    .get(30, TimeUnit.SECONDS);
            }
            assertEquals(4, host.agents().size());
            // The first node had nobody to store on; its periodic round would store now, this test asks at once.
            host.agent("an-0").orElseThrow().storeChanges().get(30, TimeUnit.SECONDS);
            for (var agent : host.agents()) {
                assertEquals(AgentStatus.UP, agent.status());
                assertEquals(3, agent.node().routingTable().size(), agent.anId() + " knows the others");
                assertEquals(50, agent.memory().size());
                assertEquals(0, agent.progress().pendingSegments());
            }
            assertThrows(IllegalArgumentException.class,
                () -> host.start(settings.config("an-1"), List.of(), 0, new AgentListener() { }));

            final var leaving = host.agent("an-3").orElseThrow();
            assertTrue(host.stop("an-3"));
            assertEquals(AgentStatus.STOPPED, leaving.status());
            assertFalse(host.agent("an-3").isPresent());
            assertFalse(host.stop("an-3"));
            final var read = host.agent("an-0").orElseThrow().lookup(false).get(30, TimeUnit.SECONDS);
            assertTrue(read.report().complete(), read.report().toString());
            assertEquals(50, read.sessions().size());
        }
        settings.close();
    }
}
