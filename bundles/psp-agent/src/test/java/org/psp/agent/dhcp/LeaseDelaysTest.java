/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * Which changes a store round stored, and what they waited.
 */
class LeaseDelaysTest {
    private static final Instant T0 = Instant.ofEpochSecond(1_795_900_000L);

    private static BitSet segments(final int... numbers) {
        final var set = new BitSet();
        for (int number : numbers) {
            set.set(number);
        }
        return set;
    }

    @Test
    void aRoundStoresTheChangesAppliedBeforeItTookItsSegments() {
        final var delays = new LeaseDelays();
        delays.changed(3, T0, T0.plusMillis(1));
        delays.changed(3, T0.plusMillis(100), T0.plusMillis(101));
        delays.changed(5, T0.plusMillis(200), T0.plusMillis(201));
        delays.stored(segments(3), T0.plusMillis(50), T0.plusMillis(400));
        assertEquals(new LeaseDelays.Summary(1, Duration.ofMillis(400), Duration.ofMillis(400),
            Duration.ofMillis(400)), delays.takeSummary());
        delays.stored(segments(3, 5), T0.plusMillis(300), T0.plusMillis(700));
        assertEquals(new LeaseDelays.Summary(2, Duration.ofMillis(500), Duration.ofMillis(600),
            Duration.ofMillis(600)), delays.takeSummary());
        assertEquals(0, delays.takeSummary().changes());
    }

    @Test
    void whileStoresFailOnlyTheNewestChangesWait() {
        final var delays = new LeaseDelays();
        for (int i = 0; i < LeaseDelays.MAX_PENDING + 10; i++) {
            delays.changed(0, T0.plusMillis(i), T0.plusMillis(i));
        }
        delays.stored(segments(0), T0.plusSeconds(3600), T0.plusSeconds(3600));
        final var summary = delays.takeSummary();
        assertEquals(LeaseDelays.MAX_PENDING, summary.changes());
        assertEquals(Duration.ofSeconds(3600).minusMillis(10), summary.max());
    }
}
