/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.psp.kad.OverlayClock;
import org.psp.kad.OverlayScheduler;

/**
 * A discrete-event queue in virtual time: the clock and the scheduler of every node of a simulation, run on one
 * thread. Time stands still while a task runs and jumps to the next task's time between tasks; tasks due at the same
 * time run in the order they were scheduled, so that a run is a function of its inputs alone.
 */
public final class VirtualTime implements OverlayClock, OverlayScheduler {
    /** The wall-clock instant at virtual time zero. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final PriorityQueue<Task> queue = new PriorityQueue<>(VirtualTime::earlier);
    /**
     * Tasks due at the time they were scheduled (hops onto a node's thread, mostly), in order. Those in the queue due
     * at that time were scheduled before, and run first.
     */
    private final ArrayDeque<Task> dueNow = new ArrayDeque<>();
    private final TraceDigest trace;
    private long now;
    private long sequence;
    private long executed;
    /** Tasks cancelled while in the queue: when they are most of it, they are swept out. */
    private int cancelled;

    /**
     * Creates an empty queue at time zero.
     *
     * @param trace where every task run is recorded
     */
    public VirtualTime(final TraceDigest trace) {
        this.trace = trace;
    }

    /** A task due at a time; periodic when it has a delay. */
    private final class Task implements Scheduled {
        private final Runnable body;
        private final long delay;
        private long due;
        private long order;
        private boolean done;

        Task(final Runnable body, final long due, final long delay) {
            this.body = body;
            this.delay = delay;
            this.due = due;
            this.order = sequence++;
        }

        @Override
        public void cancel() {
            if (!done) {
                done = true;
                // Most timers are cancelled long before they are due (a request's timeout, once answered).
                if (++cancelled > queue.size() / 2 && cancelled > 1024) {
                    queue.removeIf(task -> task.done);
                    cancelled = 0;
                }
            }
        }

        @Override
        public boolean isDone() {
            return done;
        }

        void run() {
            if (delay == 0) {
                done = true;
            }
            body.run();
            if (!done) {
                due = now + delay;
                order = sequence++;
                queue.add(this);
            }
        }
    }

    private static int earlier(final Task first, final Task second) {
        final int byTime = Long.compare(first.due, second.due);
        return byTime != 0 ? byTime : Long.compare(first.order, second.order);
    }

    @Override
    public Instant instant() {
        return EPOCH.plusNanos(now);
    }

    @Override
    public long millis() {
        return EPOCH.toEpochMilli() + now / 1_000_000;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void execute(final Runnable task) {
        add(new Task(task, now, 0));
    }

    @Override
    public Scheduled schedule(final Runnable task, final long delay, final TimeUnit unit) {
        return add(new Task(task, now + Math.max(0, unit.toNanos(delay)), 0));
    }

    @Override
    public Scheduled scheduleWithFixedDelay(final Runnable task, final long initialDelay, final long delay,
            final TimeUnit unit) {
        return add(new Task(task, now + Math.max(0, unit.toNanos(initialDelay)), Math.max(1, unit.toNanos(delay))));
    }

    private Task add(final Task task) {
        if (task.due == now) {
            dueNow.add(task);
        } else {
            queue.add(task);
        }
        return task;
    }

    @Override
    public boolean inOwnThread() {
        return true;
    }

    /**
     * Runs the tasks due up to a time, then sets the clock to it.
     *
     * @param until the virtual time to stop at, in nanoseconds
     */
    public void runUntil(final long until) {
        runWhile(() -> true, until);
        now = Math.max(now, until);
    }

    /**
     * Runs tasks while a condition holds and tasks are due before a time.
     *
     * @param condition checked before each task
     * @param until the latest virtual time to run to
     * @return true if the condition stopped the run
     */
    public boolean runWhile(final BooleanSupplier condition, final long until) {
        while (true) {
            if (!condition.getAsBoolean()) {
                return true;
            }
            final var head = queue.peek();
            final boolean fromQueue = head != null && (head.due == now || dueNow.isEmpty());
            final var next = fromQueue ? head : dueNow.peek();
            if (next == null || next.due > until) {
                return false;
            }
            if (fromQueue) {
                queue.poll();
            } else {
                dueNow.poll();
            }
            if (next.done) {
                cancelled = Math.max(0, cancelled - 1);
                continue;
            }
            now = next.due;
            executed++;
            trace.add(now);
            next.run();
        }
    }

    /**
     * Returns how many tasks have run.
     *
     * @return the count
     */
    public long executed() {
        return executed;
    }

    /**
     * Returns how many tasks wait, cancelled ones included until their time comes.
     *
     * @return the count
     */
    public int pending() {
        return queue.size() + dueNow.size();
    }
}
