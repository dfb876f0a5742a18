/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The time an overlay node and the agent on it run by: wall-clock instants (message timestamps, generations, storing
 * times, reports) and a monotonic count of nanoseconds (timeouts, round trips, intervals). The system's in
 * production; virtual time in a simulation.
 */
public interface OverlayClock extends InstantSource {
    /**
     * Returns the monotonic time: only differences between two readings mean anything.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();

    /**
     * Returns the system's clocks: {@link Instant#now()} and {@link System#nanoTime()}.
     *
     * @return the system clock
     */
    static OverlayClock system() {
        return SystemClock.INSTANCE;
    }

    /** The system's clocks. */
    enum SystemClock implements OverlayClock {
        INSTANCE;

        @Override
        public Instant instant() {
            return Instant.now();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    }
}
