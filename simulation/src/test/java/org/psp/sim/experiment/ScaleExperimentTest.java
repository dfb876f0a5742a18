/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of the scale experiment at small sizes: every lookup finds its node, a larger overlay takes at least as
 * many hops, and an access node that restarts in it gets every session back.
 */
class ScaleExperimentTest {
    @Test
    void lookupsFindTheirNodeHopsGrowWithTheOverlayAndARestartRecoversEverything() {
        final var rows = ScaleExperiment.run(List.of(30, 400), 1, 5, fraction -> { });
        assertEquals(2, rows.size());
        for (var row : rows) {
            assertEquals(row.lookups().lookups(), row.lookups().found(), "nodes " + row.lookups().nodes());
            assertEquals(1, row.complete(), "recovered at " + row.lookups().nodes());
            assertTrue(row.recoveryMeanSeconds() > 0);
            assertTrue(row.lookups().bytesPerNodeMinute() > row.lookups().messagesPerNodeMinute());
        }
        assertTrue(rows.get(1).lookups().meanHops() > rows.get(0).lookups().meanHops(), rows.get(0).csv() + " / "
            + rows.get(1).csv());
    }
}
