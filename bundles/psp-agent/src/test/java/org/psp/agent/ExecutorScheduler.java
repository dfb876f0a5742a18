/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.psp.kad.OverlayScheduler;

/** An overlay scheduler on a thread of its own, for tests of classes that time their work without an overlay. */
final class ExecutorScheduler implements OverlayScheduler, AutoCloseable {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("test-scheduler").daemon().factory());
    private final Thread thread;

    ExecutorScheduler() {
        try {
            thread = executor.submit(Thread::currentThread).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void execute(final Runnable task) {
        executor.execute(task);
    }

    @Override
    public Scheduled schedule(final Runnable task, final long delay, final TimeUnit unit) {
        return Scheduled.of(executor.schedule(task, delay, unit));
    }

    @Override
    public Scheduled scheduleWithFixedDelay(final Runnable task, final long initialDelay, final long delay,
            final TimeUnit unit) {
        return Scheduled.of(executor.scheduleWithFixedDelay(task, initialDelay, delay, unit));
    }

    @Override
    public boolean inOwnThread() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
