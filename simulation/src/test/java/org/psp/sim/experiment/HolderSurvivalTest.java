/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of UDD's survival sets at a small size: what churn takes is what the holders' chunk stores no longer
 * hold, more holders never leave a sample with none, and peers that never leave keep a share of the data.
 */
class HolderSurvivalTest {
    private static List<HolderSurvival.Point> run(final int alwaysOn, final double churnPerHour) {
        return HolderSurvival.run(new HolderSurvival.Settings(30, alwaysOn, List.of(1, 10), 2, 2, churnPerHour,
            Duration.ofHours(1), 11), fraction -> { });
    }

    @Test
    void withoutChurnEveryHolderStillHoldsItsCopy() {
        for (var point : run(0, 0)) {
            assertEquals(1.0, point.worst(), "N = " + point.holders());
            assertEquals(1.0, point.peersLeft());
            assertEquals(4, point.samples());
        }
    }

    @Test
    void churnTakesAboutWhatItShouldAndPeersThatNeverLeaveKeepAShare() {
        // 60 departures among 30 churning peers: a holder on one of them stays with probability 0.13.
        final var churned = run(0, 2.0);
        final var wide = churned.get(1);
        assertTrue(Math.abs(wide.mean() - wide.expected()) < 0.15, "mean " + wide.mean() + ", expected "
            + wide.expected());
        assertTrue(churned.get(0).lostAll() >= wide.lostAll(), "one holder is lost at least as often as ten");
        // PSP's placement favours no peer: its holders leave as often as the peers do.
        assertTrue(Math.abs(wide.mean() - wide.peersLeft()) < 0.15, "holders left " + wide.mean() + ", peers "
            + wide.peersLeft());

        // Half the peers never leave: the data keeps about half its holders, and no sample of ten loses them all.
        final var steady = run(30, 2.0).get(1);
        assertEquals(0, steady.lostAll());
        assertTrue(steady.mean() > wide.mean() + 0.2, "with peers always on " + steady.mean() + ", without "
            + wide.mean());
        assertTrue(Math.abs(steady.mean() - steady.expected()) < 0.15, "mean " + steady.mean() + ", expected "
            + steady.expected());
    }

    @Test
    void impossibleSetsAreRefusedWithTheReason() {
        final var tooMany = assertThrows(IllegalArgumentException.class, () -> new HolderSurvival.Settings(30, 0,
            List.of(300), 1, 1, 0.59, Duration.ofHours(1), 1));
        assertTrue(tooMany.getMessage().contains("N must be 1 to 256"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HolderSurvival.Settings(30, 0, List.of(5), 1, 0, 0.59,
            Duration.ofHours(1), 1));
    }
}
