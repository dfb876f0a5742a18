/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Binds a socket and says clearly which one could not be bound.
 *
 * <p>A node that restarts binds the ports it has just closed. Those can stay taken for a moment after the close:
 * its accepted connections linger in FIN_WAIT2 until their peers see the end, and NIO releases a socket only when
 * its selector next runs. So a bind that finds the address in use is tried again for a few seconds before it fails.
 */
final class Binding {
    private static final long RELEASE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RETRY_MILLIS = 50;

    private Binding() {
        // static only
    }

    /**
     * Binds and waits.
     *
     * @param bootstrap the configured bootstrap
     * @param what the socket's kind, such as {@code udp}
     * @param address where it binds
     * @return the bound channel
     * @throws UncheckedIOException if it could not be bound, for example because the port is taken
     * @throws InterruptedException if interrupted while waiting
     */
    static Channel bind(final AbstractBootstrap<?, ?> bootstrap, final String what, final InetSocketAddress address)
            throws InterruptedException {
        final long deadline = System.nanoTime() + RELEASE_WAIT_NANOS;
        while (true) {
            final var bind = bootstrap.bind(address).await();
            if (bind.isSuccess()) {
                return bind.channel();
            }
            if (!(bind.cause() instanceof BindException) || System.nanoTime() - deadline > 0) {
                final var message = "cannot bind " + what + " " + address.getAddress().getHostAddress() + ":"
                    + address.getPort() + ": " + bind.cause().getMessage();
                throw bind.cause() instanceof IOException failure ? new UncheckedIOException(message, failure)
                    : new IllegalStateException(message, bind.cause());
            }
            Thread.sleep(RETRY_MILLIS);
        }
    }
}
