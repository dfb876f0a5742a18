/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv6AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionData;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionKey;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionsInput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.lookup.output.SessionBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.psp.agent.MacAddress;
import org.psp.agent.Session;
import org.psp.agent.SessionFilter;

/**
 * Translates subscriber sessions between the agent's records and the {@code session-data} of psp.yang.
 */
final class SessionMapping {
    private SessionMapping() {
        // static only
    }

    /**
     * Returns a session as YANG data.
     *
     * @param session the session
     * @return its {@code session-data}
     */
    static SessionData toYang(final Session session) {
        return new SessionBuilder()
            .setPort(session.port())
            .setMac(new org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715
                .MacAddress(session.mac().toString()))
            .setIpv4(session.ipv4().map(address -> new Ipv4AddressNoZone(address.getHostAddress())).orElse(null))
            .setIpv6(session.ipv6().map(address -> new Ipv6AddressNoZone(address.getHostAddress())).orElse(null))
            .setLeaseStart(new DateAndTime(session.leaseStart().toString()))
            .setLeaseExpiry(new DateAndTime(session.leaseExpiry().toString()))
            .setOuterVlan(Uint16.valueOf(session.outerVlan()))
            .setInnerVlan(Uint16.valueOf(session.innerVlan()))
            .setCircuitId(session.circuitId().isEmpty() ? null : session.circuitId())
            .setRemoteId(session.remoteId().isEmpty() ? null : session.remoteId())
            .build();
    }

    /**
     * Reads a session from YANG data.
     *
     * @param data its {@code session-data}, with port, MAC and lease times
     * @return the session
     * @throws IllegalArgumentException saying what is inconsistent
     */
    static Session fromYang(final SessionData data) {
        return new Session(AccessNodeOperations.required(data.getPort(), "port"), mac(data),
            Optional.ofNullable(data.getIpv4())
                .map(address -> (Inet4Address) literal(address.getValue())),
            Optional.ofNullable(data.getIpv6()).map(address -> (Inet6Address) literal(address.getValue())),
            instant(AccessNodeOperations.required(data.getLeaseStart(), "lease-start"), "lease-start"),
            instant(AccessNodeOperations.required(data.getLeaseExpiry(), "lease-expiry"), "lease-expiry"),
            vlan(data.getOuterVlan()), vlan(data.getInnerVlan()), text(data.getCircuitId()),
            text(data.getRemoteId()));
    }

    /**
     * Reads a session's key from YANG data.
     *
     * @param key the port and MAC
     * @return the key
     */
    static org.psp.agent.SessionKey keyFromYang(final SessionKey key) {
        return new org.psp.agent.SessionKey(AccessNodeOperations.required(key.getPort(), "port"), mac(key));
    }

    /**
     * Reads the filters of a {@code sessions} request.
     *
     * @param input the request
     * @return the filter
     * @throws IllegalArgumentException if a MAC address is malformed
     */
    static SessionFilter filterFromYang(final SessionsInput input) {
        return new SessionFilter(Optional.ofNullable(input.getPort()),
            Optional.ofNullable(input.getMac()).map(mac -> MacAddress.parse(mac.getValue())),
            Optional.ofNullable(input.getAddress()).map(address -> literal(address.stringValue())));
    }

    private static MacAddress mac(final SessionKey key) {
        return MacAddress.parse(AccessNodeOperations.required(key.getMac(), "mac").getValue());
    }

    private static InetAddress literal(final String address) {
        try {
            // A literal, checked by the YANG type: no name lookup happens.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    static Instant instant(final DateAndTime time, final String name) {
        try {
            return OffsetDateTime.parse(time.getValue()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " is not a date and time: " + time.getValue(), e);
        }
    }

    private static int vlan(final Uint16 vlan) {
        return vlan == null ? 0 : vlan.intValue();
    }

    private static String text(final String text) {
        return text == null ? "" : text;
    }
}
