/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UsefulnessTest {
    @Test
    void theCoefficientWeighsRepairWorkAndOnlyGrowsItsCounts() {
        final var accepted = new AtomicLong();
        final var account = new Usefulness(new FairnessSettings(2, 0.5, 0.25, -1), 1000, accepted::get);
        assertEquals(UsefulnessStatus.NONE, account.status());
        accepted.set(300);
        account.gaveSpecial(100);
        account.took(400);
        account.tookSpecial(200);
        // (300 + 2 · 100) / (400 + 0.5 · 200)
        assertEquals(new UsefulnessStatus(Optional.of(1.0), 300, 100, 400, 200, 0, 0), account.status());
        assertEquals(500, account.weightedGiven());
        assertEquals(500, account.weightedTaken());
    }

    @Test
    void beyondTheAllowanceANodePlacesOnlyAtTheBoundOrAbove() {
        final var settings = new FairnessSettings(1, 1, 0.25, -1);
        assertEquals(8 << 20, settings.allowance(8 << 20), "its own capacity");
        assertTrue(settings.refusal(0, 0, 8 << 20, 8 << 20).isEmpty(), "within the allowance, whatever it gives");
        assertEquals(Optional.of("usefulness 0.081 below 0.250: 1048576 bytes given, 12943360 taken with the 86016 "
            + "asked for, beyond the allowance of 8388608"), settings.refusal(1 << 20, 12_857_344, 86_016, 8 << 20));
        assertTrue(settings.refusal(3_300_000, 12_857_344, 86_016, 8 << 20).isEmpty(), "a quarter given");
        assertTrue(new FairnessSettings(1, 1, 0, -1).refusal(0, 1L << 40, 1, 0).isEmpty(), "no bound");
    }

    @Test
    void holdersApplyThePlacersAllowanceCappedByTheirOwn() {
        final var accepted = new AtomicLong();
        final var open = new Usefulness(FairnessSettings.DEFAULTS, 1 << 20, accepted::get);
        assertTrue(open.refusalFor(0, 0, 64 << 20, 1 << 20).isEmpty(), "the placer lends 64 MiB");
        assertTrue(open.refusalFor(0, 0, 0, 1).isPresent(), "the placer lends nothing");
        final var capped = new Usefulness(new FairnessSettings(1, 1, 0.25, 4096), 1 << 20, accepted::get);
        assertTrue(capped.refusalFor(0, 0, 64 << 20, 8192).isPresent(), "beyond the 4096 bytes this holder allows");
        assertEquals(2, open.status().refusedOthers() + capped.status().refusedOthers());
    }

    @Test
    void absurdSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FairnessSettings(-1, 1, 0.25, -1));
        assertThrows(IllegalArgumentException.class, () -> new FairnessSettings(1, Double.NaN, 0.25, -1));
        assertThrows(IllegalArgumentException.class, () -> new FairnessSettings(1, 1, 1001, -1));
        assertThrows(IllegalArgumentException.class, () -> new FairnessSettings(1, 1, 0.25, -2));
    }
}
