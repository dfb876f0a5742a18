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
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261128.AccessNetwork;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.concepts.Registration;

class AccessNetworkStateTest {
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch tickWriting = new CountDownLatch(1);
    private final CountDownLatch tickMayWrite = new CountDownLatch(1);

    @Test
    void closingWaitsForARunningTickBeforeItRemovesTheState() throws Exception {
        final var broker = broker();
        try (var network = new HostedAccessNetwork(broker, new Notifications(publisher()))) {
            final var state = new AccessNetworkState(broker, network, new Notifications(publisher()));
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
            assertEquals(List.of("put access-network", "delete access-network"), written);
        }
    }

    /** A data broker that records writes and holds the first one until the test lets it go on. */
    private DataBroker broker() {
        return (DataBroker) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataBroker.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "newWriteOnlyTransaction" -> transaction();
                case "registerDataListener" -> (Registration) () -> { };
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private WriteTransaction transaction() {
        return (WriteTransaction) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {WriteTransaction.class}, (proxy, method, args) -> switch (method.getName()) {
                case "put" -> {
                    tickWriting.countDown();
                    Uninterruptibles.awaitUninterruptibly(tickMayWrite);
                    written.add("put " + what(args[1]));
                    yield null;
                }
                case "delete" -> {
                    written.add("delete " + what(args[1]));
                    yield null;
                }
                case "commit" -> CommitInfo.emptyFluentFuture();
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private static String what(final Object path) {
        return DataObjectIdentifier.builder(AccessNetwork.class).build().equals(path) ? "access-network" : "a node";
    }

    private static NotificationPublishService publisher() {
        return (NotificationPublishService) Proxy.newProxyInstance(AccessNetworkStateTest.class.getClassLoader(),
            new Class<?>[] {NotificationPublishService.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });
    }
}
