/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * A node as others reach it: its id, its UDP address for Kad messages and its TCP port for chunk transfers.
 *
 * @param id the node's id
 * @param address its UDP address
 * @param tcpPort its TCP port, 0 if it takes no transfers
 */
public record Contact(NodeId id, InetSocketAddress address, int tcpPort) {
    /**
     * Checks the components.
     */
    public Contact {
        requireNonNull(id);
        requireNonNull(address);
        if (tcpPort < 0 || tcpPort > 0xFFFF) {
            throw new IllegalArgumentException("TCP port " + tcpPort + " out of range");
        }
    }
}
