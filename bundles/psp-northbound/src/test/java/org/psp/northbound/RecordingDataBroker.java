/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import com.google.common.util.concurrent.Futures;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.binding.api.WriteTransaction;
import org.opendaylight.mdsal.common.api.CommitInfo;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AccessNetwork;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.Notification;
import org.opendaylight.yangtools.concepts.Registration;

/**
 * The part of MD-SAL that the controller's classes use, for unit tests: a data broker that takes listener
 * registrations and records the writes of its transactions (commits succeed at once), and a notification service
 * that records what is published.
 */
final class RecordingDataBroker {
    /** What was written, in order: "put access-network", "delete a node", ... */
    final List<String> written = new CopyOnWriteArrayList<>();
    /** The notifications published, in order. */
    final List<Notification<?>> published = new CopyOnWriteArrayList<>();
    private volatile Runnable beforePut = () -> { };

    /**
     * Runs a hook in each put, before it is recorded: on the writing thread, which it may hold.
     *
     * @param hook the hook
     */
    void beforeEachPut(final Runnable hook) {
        beforePut = hook;
    }

    DataBroker broker() {
        return proxy(DataBroker.class, (method, args) -> switch (method) {
            case "newWriteOnlyTransaction" -> transaction();
            case "registerDataListener" -> (Registration) () -> { };
            default -> throw new UnsupportedOperationException(method);
        });
    }

    NotificationPublishService publisher() {
        return proxy(NotificationPublishService.class, (method, args) -> {
            if (!"offerNotification".equals(method)) {
                throw new UnsupportedOperationException(method);
            }
            published.add((Notification<?>) args[0]);
            return Futures.immediateFuture(null);
        });
    }

    private WriteTransaction transaction() {
        return proxy(WriteTransaction.class, (method, args) -> switch (method) {
            case "put" -> {
                beforePut.run();
                written.add("put " + what(args[1]));
                yield null;
            }
            case "delete" -> {
                written.add("delete " + what(args[1]));
                yield null;
            }
            case "commit" -> CommitInfo.emptyFluentFuture();
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private static String what(final Object path) {
        return DataObjectIdentifier.builder(AccessNetwork.class).build().equals(path) ? "access-network" : "a node";
    }

    private interface Handler {
        Object invoke(String method, Object[] args);
    }

    private static <T> T proxy(final Class<T> type, final Handler handler) {
        return type.cast(Proxy.newProxyInstance(RecordingDataBroker.class.getClassLoader(), new Class<?>[] {type},
            (proxy, method, args) -> handler.invoke(method.getName(), args)));
    }
}
