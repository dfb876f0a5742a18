/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which of a node's sessions an operator asks for: those on a port, of a MAC address, leasing an address; what is
 * absent matches everything.
 *
 * @param port the subscriber port
 * @param mac the subscriber's MAC address
 * @param address a leased IPv4 or IPv6 address
 */
public record SessionFilter(Optional<String> port, Optional<MacAddress> mac, Optional<InetAddress> address) {
    /** Matches every session. */
    public static final SessionFilter ALL = new SessionFilter(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * Checks the components.
     */
    public SessionFilter {
        requireNonNull(port);
        requireNonNull(mac);
        requireNonNull(address);
    }

    /**
     * Tells whether a session matches.
     *
     * @param session the session
     * @return true if it matches every criterion given
     */
    public boolean matches(final Session session) {
        return port.map(session.port()::equals).orElse(true)
            && mac.map(session.mac()::equals).orElse(true)
            && address.map(wanted -> session.ipv4().<InetAddress>map(ip -> ip).filter(wanted::equals).isPresent()
                || session.ipv6().<InetAddress>map(ip -> ip).filter(wanted::equals).isPresent()).orElse(true);
    }
}
