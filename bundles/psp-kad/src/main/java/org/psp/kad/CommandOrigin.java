/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who sent a command: the member's or client's id, and the address its connection came from.
 *
 * @param sender the sender's id
 * @param address the sender's address
 */
public record CommandOrigin(NodeId sender, InetAddress address) {
    /**
     * Checks the components.
     */
    public CommandOrigin {
        requireNonNull(sender);
        requireNonNull(address);
    }

    /**
     * Returns the sender as a contact that takes commands on a TCP port of the address its command came from, to send
     * it commands in turn. Only for {@link KadNode#command(Contact, byte[])}: its UDP port is not known (0).
     *
     * @param tcpPort the port the sender {@linkplain KadNode#commandPort() takes commands on}
     * @return the contact
     */
    public Contact commandContact(final int tcpPort) {
        if (tcpPort < 1 || tcpPort > 0xFFFF) {
            throw new IllegalArgumentException("TCP port " + tcpPort + " out of range");
        }
        return new Contact(sender, new InetSocketAddress(address, 0), tcpPort);
    }
}
