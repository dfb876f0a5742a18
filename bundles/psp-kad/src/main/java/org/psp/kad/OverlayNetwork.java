/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.net.InetSocketAddress;

/**
 * The network overlay nodes run on: {@link NettyOverlayNetwork} (UDP and TCP sockets) in production, a simulated
 * network in virtual time for studies at scale. It gives each node the scheduler its timers run on and an endpoint.
 */
public interface OverlayNetwork {
    /**
     * Returns the scheduler for a new node. Netty hands out its event loops in turn.
     *
     * @return a scheduler
     */
    OverlayScheduler scheduler();

    /**
     * Opens an endpoint.
     *
     * @param scheduler the node's scheduler, from {@link #scheduler()}; the endpoint's input is handled on it
     * @param bindAddress the datagram address to bind; port 0 for any
     * @param streamPort the stream port to bind; 0 for any
     * @param overlayKey the key messages are authenticated with
     * @param receiver what takes the messages that arrive
     * @return the open endpoint
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if an address cannot be bound, naming it
     */
    OverlayEndpoint open(OverlayScheduler scheduler, InetSocketAddress bindAddress, int streamPort, byte[] overlayKey,
        OverlayEndpoint.Receiver receiver) throws InterruptedException;
}
