/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndexKeyTest {
    @Test
    void keywordsAreCanonicalSoThatEveryWayOfWritingOneFindsTheSameNodes() {
        assertEquals(IndexKey.parse(IndexKey.Kind.MAC, "02:00:5e:10:00:01"),
            IndexKey.parse(IndexKey.Kind.MAC, "02-00-5E-10-00-01"));
        assertEquals(IndexKey.parse(IndexKey.Kind.IPV6, "2001:db8::4d"),
            IndexKey.parse(IndexKey.Kind.IPV6, "2001:0DB8:0:0:0:0:0:004D"));
        assertEquals(new IndexKey(IndexKey.Kind.IPV6_PREFIX, "2001:db8:1:2:0:0:0:0/64"),
            IndexKey.parse(IndexKey.Kind.IPV6_PREFIX, "2001:db8:1:2::/64"));
        assertEquals(IndexKey.parse(IndexKey.Kind.IPV4, " 192.0.2.77 ").hash(),
            IndexKey.parse(IndexKey.Kind.IPV4, "192.0.2.77").hash());
        assertNotEquals(IndexKey.parse(IndexKey.Kind.IPV4, "192.0.2.77").hash(),
            IndexKey.parse(IndexKey.Kind.CIRCUIT_ID, "192.0.2.77").hash());
    }

    @Test
    void aSessionIsFoundByItsAddressesItsNetworkItsMacAndItsCircuit() {
        final var session = SampleSessions.session(new Random(3), 1, Instant.parse("2026-12-01T10:00:00Z"));
        final var dual = new Session(session.port(), session.mac(), Optional.of(IndexKeyTestAddresses.V4),
            Optional.of(IndexKeyTestAddresses.V6), session.leaseStart(), session.leaseExpiry(), 0, 0, "olt 1/1/1:7",
            "");
        assertEquals(List.of(IndexKey.parse(IndexKey.Kind.IPV4, "192.0.2.77"),
            IndexKey.parse(IndexKey.Kind.IPV6, "2001:db8:1:2::4d"),
            IndexKey.parse(IndexKey.Kind.IPV6_PREFIX, "2001:db8:1:2::/64"),
            IndexKey.parse(IndexKey.Kind.MAC, session.mac().toString()),
            IndexKey.parse(IndexKey.Kind.CIRCUIT_ID, "olt 1/1/1:7")), IndexKey.of(dual));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ipv4|192.0.2.256|not an IPv4 address: 192.0.2.256",
        "ipv4|example.net|not an IPv4 address: example.net",
        "ipv4|2001:db8::1|not an IPv4 address: 2001:db8::1",
        "ipv6|192.0.2.7|not an IPv6 address: 192.0.2.7",
        "ipv6|2001:db8::zz|not an IPv6 address: 2001:db8::zz",
        "ipv6|fe80::1%eth0|not an IPv6 address: fe80::1%eth0",
        "ipv6-prefix|2001:db8::/48|sessions are indexed by their /64 prefix; not one: 2001:db8::/48",
        "mac|02:00:5e:10:00|not a MAC address (aa:bb:cc:dd:ee:ff): 02:00:5e:10:00",
        "circuit-id|'  '|a circuit-id has 1 to 255 characters"})
    void malformedValuesAreRefusedSayingWhy(final String kind, final String text, final String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
            () -> IndexKey.parse(IndexKey.Kind.of(kind), text)).getMessage());
    }

    @Test
    void anUnknownKeyTypeIsRefusedNamingTheKnownOnes() {
        assertEquals("unknown key type hostname; one of [ipv4, ipv6, ipv6-prefix, mac, circuit-id]",
            assertThrows(IllegalArgumentException.class, () -> IndexKey.Kind.of("hostname")).getMessage());
    }

    /** Addresses of the documentation ranges. */
    private static final class IndexKeyTestAddresses {
        static final Inet4Address V4 = (Inet4Address) literal("192.0.2.77");
        static final Inet6Address V6 = (Inet6Address) literal("2001:db8:1:2::4d");

        private static InetAddress literal(final String text) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }
    }
}
