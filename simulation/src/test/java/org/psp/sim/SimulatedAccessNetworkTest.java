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
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;

/** The production agents in virtual time: started, stored, crashed and recovered. */
class SimulatedAccessNetworkTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();

    @Test
    void crashedNodesRecoverEverySession() {
        final var net = new SimulatedAccessNetwork(40, 50, new CodingParameters(4, 4), LinkModel.accessNetwork(), 1);
        for (int node = 0; node < net.size(); node++) {
            net.startFresh(node);
            net.time().runUntil(net.time().nanoTime() + Duration.ofMillis(500).toNanos());
        }
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        for (int node = 0; node < net.size(); node++) {
            net.grantSessions(node);
        }
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        final var recoveries = new ArrayList<SimulatedAccessNetwork.Recovery>();
        net.onRecovery(recoveries::add);
        for (int node = 0; node < 4; node++) {
            net.crash(node * 7);
        }
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        for (int node = 0; node < 4; node++) {
            net.restart(node * 7);
        }
        net.time().runUntil(net.time().nanoTime() + MINUTE);
        assertEquals(4, recoveries.size());
        recoveries.forEach(recovery -> assertTrue(recovery.complete(), recovery.toString()));
        assertTrue(net.time().executed() > 0);
    }
}
