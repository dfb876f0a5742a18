/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The order in which virtual time runs its tasks, on which every run's reproducibility rests. */
class VirtualTimeTest {
    private final VirtualTime time = new VirtualTime(new TraceDigest());
    private final List<String> ran = new ArrayList<>();

    private Runnable log(final String name) {
        return () -> ran.add(name + "@" + time.nanoTime());
    }

    @Test
    void tasksDueAtOneTimeRunInTheOrderTheyWereScheduledWhetherBeforeOrAtThatTime() {
        time.schedule(() -> {
            log("a").run();
            // Both due now: after every task scheduled before for this time, in their own order.
            time.execute(log("c"));
            time.schedule(log("d"), 0, TimeUnit.NANOSECONDS);
            time.schedule(log("e"), 1, TimeUnit.NANOSECONDS);
        }, 10, TimeUnit.NANOSECONDS);
        time.schedule(log("b"), 10, TimeUnit.NANOSECONDS);

        time.runUntil(10);
        assertEquals(List.of("a@10", "b@10", "c@10", "d@10"), ran);
        time.runUntil(11);
        assertEquals(List.of("a@10", "b@10", "c@10", "d@10", "e@11"), ran);
    }

    @Test
    void aCancelledTaskDueNowDoesNotRunAndTheClockStopsWhereAsked() {
        time.schedule(() -> {
            final var cancelled = time.schedule(log("cancelled"), 0, TimeUnit.NANOSECONDS);
            time.execute(log("b"));
            cancelled.cancel();
            time.schedule(log("c"), 5, TimeUnit.NANOSECONDS);
        }, 10, TimeUnit.NANOSECONDS);
        time.scheduleWithFixedDelay(log("tick"), 0, 7, TimeUnit.NANOSECONDS);

        time.runUntil(12);
        assertEquals(List.of("tick@0", "tick@7", "b@10"), ran);
        assertEquals(12, time.nanoTime());
        assertEquals(2, time.pending(), "c at 15 and the next tick at 14");

        time.runUntil(15);
        assertEquals(List.of("tick@0", "tick@7", "b@10", "tick@14", "c@15"), ran);
    }
}
