/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * Waits for a socket to be bound and says clearly which one could not be.
 */
final class Binding {
    private Binding() {
        // static only
    }

    /**
     * Waits for a bind.
     *
     * @param bind the bind in progress
     * @param what the socket's kind, such as {@code udp}
     * @param address where it binds
     * @return the bound channel
     * @throws UncheckedIOException if it could not be bound, for example because the port is taken
     * @throws InterruptedException if interrupted while waiting
     */
    static Channel await(final ChannelFuture bind, final String what, final InetSocketAddress address)
            throws InterruptedException {
        bind.await();
        if (bind.isSuccess()) {
            return bind.channel();
        }
        final var message = "cannot bind " + what + " " + address.getAddress().getHostAddress() + ":"
            + address.getPort() + ": " + bind.cause().getMessage();
        throw bind.cause() instanceof IOException failure ? new UncheckedIOException(message, failure)
            : new IllegalStateException(message, bind.cause());
    }
}
