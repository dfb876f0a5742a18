/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IndexScaleScenarioTest {
    @Test
    void everySearchNamesTheServingNodeAndTheSameSeedGivesTheSameRun() {
        final var first = IndexScaleScenario.run(150, 20, LinkModel.accessNetwork(), 7, fraction -> { });
        assertEquals(IndexScaleScenario.SEARCHES, first.searches());
        assertEquals(first.searches(), first.found(), first.row());
        assertTrue(first.meanHops() >= 1 && first.maxHops() <= 6, first.row());
        // Each keyword's record on its three index nodes, every node holding its share.
        assertEquals(3.0 * first.records() / first.nodes(), first.heldPerNode(), 0.01 * first.heldPerNode());
        final var again = IndexScaleScenario.run(150, 20, LinkModel.accessNetwork(), 7, fraction -> { });
        assertEquals(first.digest(), again.digest());
        assertEquals(first.events(), again.events());
        assertNotEquals(first.digest(), IndexScaleScenario.run(150, 20, LinkModel.accessNetwork(), 8,
            fraction -> { }).digest());
    }
}
