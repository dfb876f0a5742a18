/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.psp.agent.Session;
import org.psp.agent.SessionEvent;
import org.psp.agent.SessionKey;

/**
 * Turns Kea's lease changes into session changes. A held lease is a session: the subscriber port is the option 82
 * circuit-id when the relay sent one, else {@code subnet-<id>} of Kea's subnet; the MAC address, lease times and
 * option 82 come from the lease. A lease that is released, deleted, declined or reclaimed ends the session that held
 * its address. Remembers which session holds which address, since Kea writes a declined lease without its client.
 *
 * <p>Not thread-safe: one thread translates.
 */
public final class LeaseSessions {
    private static final String SUBNET_PORT = "subnet-";

    private final Map<Inet4Address, SessionKey> holders = new HashMap<>();
    private final Map<SessionKey, Inet4Address> addresses = new HashMap<>();

    /**
     * Returns the session a held lease is.
     *
     * @param lease a held lease
     * @return the session
     * @throws IllegalArgumentException if the lease is not held or makes no session
     */
    public static Session sessionOf(final KeaLease lease) {
        if (!lease.held()) {
            throw new IllegalArgumentException("lease of " + lease.address().getHostAddress() + " is not held");
        }
        final var relay = lease.relayAgentInfo();
        final var port = relay.circuitId().isEmpty() ? SUBNET_PORT + lease.subnetId() : relay.circuitId();
        return new Session(port, lease.hardwareAddress().orElseThrow(), Optional.of(lease.address()),
            Optional.empty(), lease.granted(), lease.expiry(), 0, 0, relay.circuitId(), relay.remoteId());
    }

    /**
     * Returns the lease that gives a session back to Kea, unless it has no IPv4 address or its lease ran out. Its
     * subnet is the one its port names, else 0, which Kea corrects at start when {@code lease-checks} is {@code fix}.
     *
     * @param session the session
     * @param now the time now
     * @return the lease
     */
    public static Optional<KeaLease> leaseOf(final Session session, final Instant now) {
        if (session.ipv4().isEmpty() || !session.leaseExpiry().isAfter(now)) {
            return Optional.empty();
        }
        final var relay = new RelayAgentInfo(session.circuitId(), session.remoteId());
        final boolean circuitIsPort = session.port().equals(session.circuitId());
        long subnet = 0;
        if (!circuitIsPort && session.port().startsWith(SUBNET_PORT)) {
            try {
                subnet = Long.parseLong(session.port().substring(SUBNET_PORT.length()));
            } catch (NumberFormatException e) {
                subnet = 0;
            }
        }
        final long lifetime = Math.max(1, session.leaseExpiry().getEpochSecond()
            - session.leaseStart().getEpochSecond());
        return Optional.of(new KeaLease(session.ipv4().orElseThrow(), Optional.of(session.mac()), lifetime,
            Instant.ofEpochSecond(session.leaseExpiry().getEpochSecond()), Math.max(0, subnet),
            KeaLease.State.DEFAULT, relay));
    }

    /**
     * Translates a lease change.
     *
     * @param lease the lease as Kea wrote it
     * @return the session changes, in order: none for a change that ends no known session, two when an address
     *     passes from one subscriber to another
     */
    public List<SessionEvent> changes(final KeaLease lease) {
        final var events = new ArrayList<SessionEvent>(2);
        if (lease.held()) {
            final var session = sessionOf(lease);
            final var previous = holders.put(lease.address(), session.key());
            if (previous != null && !previous.equals(session.key())) {
                addresses.remove(previous);
                events.add(new SessionEvent.Released(previous));
            }
            final var moved = addresses.put(session.key(), lease.address());
            if (moved != null && !moved.equals(lease.address())) {
                // The subscriber's session moved to this address; its old lease no longer ends it.
                holders.remove(moved);
            }
            events.add(new SessionEvent.Granted(session));
            return events;
        }
        final var holder = holders.remove(lease.address());
        if (holder != null) {
            addresses.remove(holder);
            events.add(lease.state() == KeaLease.State.EXPIRED_RECLAIMED ? new SessionEvent.Expired(holder)
                : new SessionEvent.Released(holder));
        }
        return events;
    }

    /**
     * Returns how many sessions hold leases, after the changes translated so far.
     *
     * @return the count
     */
    public int sessions() {
        return holders.size();
    }
}
