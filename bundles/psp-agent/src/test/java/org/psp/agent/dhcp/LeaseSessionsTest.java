/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.psp.agent.MacAddress;
import org.psp.agent.SessionEvent;
import org.psp.agent.SessionKey;

/**
 * How Kea's lease changes become session changes, and sessions leases again.
 */
class LeaseSessionsTest {
    private static final LeaseColumns COLUMNS = LeaseColumns.CURRENT;
    private static final String RELAYED = "{ \"ISC\": { \"relay-agent-info\": \"0x0105312F312F3302056370652D37\" } }";

    private static KeaLease lease(final String address, final String mac, final long lifetime, final int state,
            final String userContext) {
        return KeaLease.parse(COLUMNS, address + "," + mac + ",," + lifetime + ",1795891578,1,0,0,," + state + ","
            + userContext);
    }

    @Test
    void aLeaseIsASessionOnTheCircuitOrTheSubnet() {
        final var relayed = LeaseSessions.sessionOf(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, RELAYED));
        assertEquals("1/1/3", relayed.port());
        assertEquals("1/1/3", relayed.circuitId());
        assertEquals("cpe-7", relayed.remoteId());
        assertEquals(Instant.ofEpochSecond(1_795_891_458L), relayed.leaseStart());
        assertEquals(Instant.ofEpochSecond(1_795_891_578L), relayed.leaseExpiry());
        final var direct = LeaseSessions.sessionOf(lease("10.0.0.2", "00:00:00:00:00:02", 120, 0, ""));
        assertEquals("subnet-1", direct.port());
        assertEquals("", direct.circuitId());
    }

    @Test
    void grantsRenewalsAndEnds() {
        final var translation = new LeaseSessions();
        final var key = new SessionKey("1/1/3", MacAddress.parse("00:00:00:00:00:01"));
        final var granted = translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, RELAYED));
        assertEquals(1, granted.size());
        assertTrue(granted.get(0) instanceof SessionEvent.Granted);
        assertEquals(List.of(new SessionEvent.Released(key)),
            translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 0, 0, RELAYED)));
        assertEquals(List.of(), translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 0, 0, RELAYED)),
            "a second delete ends nothing");
        translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, RELAYED));
        assertEquals(List.of(new SessionEvent.Expired(key)),
            translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 120, 2, RELAYED)));
        translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, RELAYED));
        assertEquals(List.of(new SessionEvent.Released(key)), translation.changes(lease("10.0.0.1", "", 86_400, 1,
            "")), "a declined lease, written without its client, ends the session that held the address");
        assertEquals(0, translation.sessions());
    }

    @Test
    void anAddressPassingToAnotherSubscriberEndsTheFirstSession() {
        final var translation = new LeaseSessions();
        translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, ""));
        final var changes = translation.changes(lease("10.0.0.1", "00:00:00:00:00:02", 120, 0, ""));
        assertEquals(new SessionEvent.Released(new SessionKey("subnet-1", MacAddress.parse("00:00:00:00:00:01"))),
            changes.get(0));
        assertTrue(changes.get(1) instanceof SessionEvent.Granted);
    }

    @Test
    void aSubscriberMovingToAnotherAddressKeepsItsSessionWhenTheOldLeaseEnds() {
        final var translation = new LeaseSessions();
        translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, ""));
        translation.changes(lease("10.0.0.7", "00:00:00:00:00:01", 120, 0, ""));
        assertEquals(List.of(), translation.changes(lease("10.0.0.1", "00:00:00:00:00:01", 0, 0, "")));
        assertEquals(1, translation.sessions());
    }

    @Test
    void aSessionGoesBackToKeaAsTheLeaseItCameFrom() {
        final var now = Instant.ofEpochSecond(1_795_891_500L);
        for (String userContext : List.of(RELAYED, "")) {
            final var lease = lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, userContext);
            assertEquals(Optional.of(lease), LeaseSessions.leaseOf(LeaseSessions.sessionOf(lease), now)
                .map(back -> userContext.isEmpty() ? back : new KeaLease(back.address(), back.hardwareAddress(),
                    back.validLifetime(), back.expiry(), 1, back.state(), back.relayAgentInfo())));
        }
        final var session = LeaseSessions.sessionOf(lease("10.0.0.1", "00:00:00:00:00:01", 120, 0, ""));
        assertEquals(Optional.empty(), LeaseSessions.leaseOf(session, Instant.ofEpochSecond(1_795_891_578L)),
            "a lease that ran out is not given back");
    }
}
