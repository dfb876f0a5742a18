/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Where an overlay node's timers and hand-overs run: one of Netty's event loops in production, the event queue of a
 * simulation in virtual time. Tasks must not block.
 */
public interface OverlayScheduler extends Executor {
    /** A task that waits to run, and may be cancelled until it does. */
    interface Scheduled {
        /** Cancels the task; it does not run (again) unless it is running now. */
        void cancel();

        /**
         * Tells whether the task will not run again: it ran (if it runs once) or was cancelled.
         *
         * @return true if it is done
         */
        boolean isDone();

        /**
         * Returns a future's task as a scheduled task: cancelling it cancels the future without interrupting it.
         *
         * @param future the future of a task an executor scheduled
         * @return the scheduled task
         */
        static Scheduled of(final Future<?> future) {
            return new Scheduled() {
                @Override
                public void cancel() {
                    future.cancel(false);
                }

                @Override
                public boolean isDone() {
                    return future.isDone();
                }
            };
        }
    }

    /**
     * Runs a task once, after a delay.
     *
     * @param task the task
     * @param delay the delay
     * @param unit its unit
     * @return the waiting task
     */
    Scheduled schedule(Runnable task, long delay, TimeUnit unit);

    /**
     * Runs a task again and again, with a fixed pause from the end of one run to the start of the next.
     *
     * @param task the task
     * @param initialDelay the delay before the first run
     * @param delay the pause between runs
     * @param unit the unit of both
     * @return the waiting task
     */
    Scheduled scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit);

    /**
     * Tells whether the calling thread is the one that runs this scheduler's tasks.
     *
     * @return true on the scheduler's own thread
     */
    boolean inOwnThread();
}
