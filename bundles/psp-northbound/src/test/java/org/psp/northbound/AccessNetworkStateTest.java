/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.Uninterruptibles;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AccessNetworkStateTest {
    private final RecordingDataBroker datastore = new RecordingDataBroker();

    @Test
    void closingWaitsForARunningTickBeforeItRemovesTheState() throws Exception {
        final var tickWriting = new CountDownLatch(1);
        final var tickMayWrite = new CountDownLatch(1);
        datastore.beforeEachPut(() -> {
            tickWriting.countDown();
            Uninterruptibles.awaitUninterruptibly(tickMayWrite);
        });
        final var broker = datastore.broker();
        final var notifications = new Notifications(datastore.publisher());
        try (var network = new HostedAccessNetwork(broker, notifications)) {
            final var state = new AccessNetworkState(broker, network, notifications);
            // The first tick writes the whole tree, and is held in the middle of it.
            assertTrue(tickWriting.await(30, TimeUnit.SECONDS), "the first tick writes");
            final var closer = new Thread(state::close, "closer");
            closer.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // close() either waits for the tick, or (wrongly) has already removed the state and returned.
            while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.TERMINATED) {
                assertTrue(System.nanoTime() < deadline, "close() waits or returns within 30 s");
                Thread.sleep(5);
            }
            tickMayWrite.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(List.of("put access-network", "delete access-network"), datastore.written);
        }
    }
}
