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

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SampleSessionsTest {
    @Test
    void sampleSubscribersHaveUnicastMacsOnDistinctPorts() {
        final var sessions = SampleSessions.of("an-1", 2_000, Instant.now());
        sessions.forEach(session -> assertEquals(0, session.mac().value() >>> 40 & 1, session.mac().toString()));
        assertEquals(sessions.size(), sessions.stream().map(Session::port).distinct().count());
        assertTrue(sessions.stream().allMatch(session -> session.mac().value() >>> 48 == 0));
    }
}
