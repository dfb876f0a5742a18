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

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;

/**
 * The shape of the repair experiment at a small size: the data is whole when its owner goes, erodes without repair,
 * and repair keeps at least as much of it.
 */
class RepairSurvivalTest {
    @Test
    void withoutRepairTheDataErodesAndRepairKeepsMoreOfIt() {
        final var curves = RepairSurvival.run(new RepairSurvival.Settings(30, 40, new CodingParameters(4, 4), 1.5,
            Duration.ofHours(1), Duration.ofMinutes(20), List.of(Duration.ofMinutes(5)), 1, 3), fraction -> { });
        assertEquals(2, curves.size());
        final var without = curves.get(0);
        final var repaired = curves.get(1);
        assertEquals("without repair", without.name());
        assertEquals("repair, interval 5 min", repaired.name());
        final int last = without.minutes().length - 1;
        assertEquals(60.0, without.minutes()[last]);
        assertEquals(1.0, without.mean()[0], "readable when the owner goes");
        assertEquals(1.0, repaired.mean()[0], "readable when the owner goes");
        assertTrue(without.mean()[last] < 1.0, "an hour of 150 % churn takes some of it: " + without.mean()[last]);
        assertTrue(repaired.mean()[last] > without.mean()[last], "with repair " + repaired.mean()[last]
            + ", without " + without.mean()[last]);
    }
}
