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

import java.util.List;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;

/** Eq. 2 against PSP's placement, at a small size. */
class AvailabilityExperimentTest {
    @Test
    void measuredLossAgreesWithEquationTwoAndWithRealReads() {
        final var rows = AvailabilityExperiment.run(40, 20, new CodingParameters(4, 2), List.of(0.8, 0.95), 100, 9,
            step -> { });
        final var first = rows.get(0);
        assertTrue(first.unrecoverable() > 0, "at Pn 0.8 some 4 + 2 segments are lost: " + first);
        assertTrue(first.agrees(), "eq. 2 within the measured interval: " + first);
        assertTrue(first.readsDone() > 0);
        assertEquals(first.readsDone(), first.readsAgreed(), "each real read reported what the count predicted");
        // Losses fall as nodes are up more often.
        assertTrue(rows.get(1).measured() < first.measured(), rows.toString());
    }

    @Test
    void onFewerNodesThanChunksThePlannerPredictsTheLoss() {
        // 8 access nodes, 32 chunks a stripe: each node holds several of every stripe.
        final var row = AvailabilityExperiment.run(8, 20, new CodingParameters(16, 16), List.of(0.8), 2000, 4,
            step -> { }).get(0);
        assertTrue(row.unrecoverable() > 0, row.toString());
        assertTrue(row.agrees(), "the planner's figure for 7 or 8 holder nodes within the measured interval: " + row);
    }

    @Test
    void severalCodingsInOneNetworkEachAgreeWithTheirEquation() {
        // Half the nodes store with 4 + 2, half with three copies (replication: eq. 1 is eq. 2 with m = 1).
        final var rows = AvailabilityExperiment.run(60, 20, List.of(new CodingParameters(4, 2),
            new CodingParameters(1, 2)), List.of(0.7), 400, 6, step -> { });
        assertEquals(2, rows.size());
        assertEquals(new CodingParameters(4, 2), rows.get(0).coding());
        assertEquals(new CodingParameters(1, 2), rows.get(1).coding());
        for (var row : rows) {
            assertTrue(row.unrecoverable() > 0, row.toString());
            assertTrue(row.agrees(), "the equation within the measured interval: " + row);
            assertEquals(row.readsDone(), row.readsAgreed(), row.toString());
        }
        // Three copies at 0.7 lose 2.7 % of the segments, 4 + 2 about 26 %.
        assertTrue(rows.get(1).measured() < rows.get(0).measured(), rows.toString());
    }
}
