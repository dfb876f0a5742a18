/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.Optional;

/**
 * One subscriber session of an access node: where the subscriber is attached, who it is, which addresses it leases
 * and for how long.
 *
 * @param port the subscriber port, such as {@code 1/1/3} or {@code ge-0/0/12}
 * @param mac the subscriber's MAC address
 * @param ipv4 the leased IPv4 address, if any
 * @param ipv6 the leased IPv6 address or prefix, if any
 * @param leaseStart when the lease was granted
 * @param leaseExpiry when it runs out
 * @param outerVlan the service VLAN id (S-VLAN), 0 if none
 * @param innerVlan the customer VLAN id (C-VLAN), 0 if none
 * @param circuitId DHCP option 82 circuit-id, empty if none
 * @param remoteId DHCP option 82 remote-id, empty if none
 */
public record Session(String port, MacAddress mac, Optional<Inet4Address> ipv4, Optional<Inet6Address> ipv6,
        Instant leaseStart, Instant leaseExpiry, int outerVlan, int innerVlan, String circuitId, String remoteId) {
    /** Longest port name, circuit-id or remote-id, in characters. */
    public static final int MAX_TEXT = 255;

    /**
     * Checks the session for consistency.
     *
     * @throws IllegalArgumentException naming the first inconsistency
     */
    public Session {
        requireNonNull(port, "port");
        requireNonNull(mac, "mac");
        requireNonNull(ipv4, "ipv4");
        requireNonNull(ipv6, "ipv6");
        requireNonNull(leaseStart, "lease start");
        requireNonNull(leaseExpiry, "lease expiry");
        requireNonNull(circuitId, "circuit-id");
        requireNonNull(remoteId, "remote-id");
        if (port.isBlank() || port.length() > MAX_TEXT) {
            throw new IllegalArgumentException("port must be 1 to " + MAX_TEXT + " characters");
        }
        if (circuitId.length() > MAX_TEXT || remoteId.length() > MAX_TEXT) {
            throw new IllegalArgumentException("circuit-id and remote-id are at most " + MAX_TEXT + " characters");
        }
        if (ipv4.isEmpty() && ipv6.isEmpty()) {
            throw new IllegalArgumentException("a session leases an IPv4 or an IPv6 address");
        }
        if (leaseExpiry.isBefore(leaseStart)) {
            throw new IllegalArgumentException("lease expiry " + leaseExpiry + " is before its start " + leaseStart);
        }
        checkVlan(outerVlan, "outer VLAN");
        checkVlan(innerVlan, "inner VLAN");
    }

    /**
     * Returns the session's key: a subscriber is one MAC address on one port.
     *
     * @return the key
     */
    public SessionKey key() {
        return new SessionKey(port, mac);
    }

    private static void checkVlan(final int vlan, final String what) {
        if (vlan < 0 || vlan > 4094) {
            throw new IllegalArgumentException(what + " must be 0 (none) or 1 to 4094, was " + vlan);
        }
    }
}
