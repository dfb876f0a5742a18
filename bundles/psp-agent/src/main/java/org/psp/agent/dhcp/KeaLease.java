/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.psp.agent.MacAddress;

/**
 * One line of Kea's DHCPv4 lease file (the memfile back end's CSV): a lease as Kea last wrote it. Kea appends a line
 * whenever a lease is granted, renewed, released, declined, reclaimed or deleted; the last line of an address is its
 * state. A deleted lease is written with a valid lifetime of 0.
 *
 * @param address the leased address
 * @param hardwareAddress the client's MAC address; empty for a declined lease, which Kea keeps without a client
 * @param validLifetime the lease's length in seconds; 0 for a deleted lease
 * @param expiry when the lease runs out
 * @param subnetId Kea's id of the subnet the address is in
 * @param state what Kea holds the lease as
 * @param relayAgentInfo the option 82 the relay sent, if Kea stores it ({@code store-extended-info})
 */
public record KeaLease(Inet4Address address, Optional<MacAddress> hardwareAddress, long validLifetime,
        Instant expiry, long subnetId, State state, RelayAgentInfo relayAgentInfo) {
    /** The columns Kea 2.x writes, in its order; the first line of every lease file. */
    public static final String HEADER =
        "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context";

    private static final Pattern RELAY_AGENT_INFO = Pattern.compile(
        "\"relay-agent-info\"\\s*:\\s*(?:\\{[^}]*?\"sub-options\"\\s*:\\s*)?\"0x(\\p{XDigit}*)\"");
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    /** Kea's escape for a comma inside a field. */
    private static final String ESCAPED_COMMA = "&#x2c";

    /** A lease's state in Kea. */
    public enum State {
        /** Granted to a client. */
        DEFAULT,
        /** Declined by a client that found the address in use; Kea keeps it from others for a while. */
        DECLINED,
        /** Ran out and reclaimed; Kea may keep it for a while so that the client gets it again. */
        EXPIRED_RECLAIMED;

        static State of(final long code) {
            return switch ((int) code) {
                case 0 -> DEFAULT;
                case 1 -> DECLINED;
                case 2 -> EXPIRED_RECLAIMED;
                default -> throw new IllegalArgumentException("unknown lease state " + code);
            };
        }
    }

    /**
     * Checks the components.
     */
    public KeaLease {
        requireNonNull(address);
        requireNonNull(hardwareAddress);
        requireNonNull(expiry);
        requireNonNull(state);
        requireNonNull(relayAgentInfo);
        if (validLifetime < 0 || subnetId < 0) {
            throw new IllegalArgumentException("valid lifetime and subnet id must not be negative");
        }
    }

    /**
     * Tells whether a client holds the lease: granted and not deleted.
     *
     * @return true if the lease is held
     */
    public boolean held() {
        return state == State.DEFAULT && validLifetime > 0 && hardwareAddress.isPresent();
    }

    /**
     * Returns when the lease was last granted or renewed (Kea's client last transmission time).
     *
     * @return expiry minus valid lifetime
     */
    public Instant granted() {
        return expiry.minusSeconds(validLifetime);
    }

    /**
     * Reads a line of a lease file, whose columns the file's header named.
     *
     * @param columns the file's columns
     * @param line the line
     * @return the lease
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static KeaLease parse(final LeaseColumns columns, final String line) {
        final String[] fields = line.split(",", -1);
        if (fields.length != columns.count()) {
            throw new IllegalArgumentException("has " + fields.length + " fields, the header " + columns.count());
        }
        final var hardware = fields[columns.hardwareAddress()].strip();
        final var userContext = columns.userContext() < 0 ? ""
            : fields[columns.userContext()].replace(ESCAPED_COMMA, ",");
        return new KeaLease(ipv4(fields[columns.address()].strip()),
            hardware.isEmpty() ? Optional.empty() : Optional.of(MacAddress.parse(hardware)),
            number(fields[columns.validLifetime()], "valid_lifetime"),
            Instant.ofEpochSecond(number(fields[columns.expiry()], "expire")),
            number(fields[columns.subnetId()], "subnet_id"),
            columns.state() < 0 ? State.DEFAULT : State.of(number(fields[columns.state()], "state")),
            relayAgentInfo(userContext));
    }

    /**
     * Writes the lease as a line in the column order of {@link #HEADER}, as Kea reads it at start.
     *
     * @return the line, without its line end
     */
    public String toLine() {
        final var relay = relayAgentInfo.encode();
        final var userContext = relay.length == 0 ? ""
            : "{ \"ISC\": { \"relay-agent-info\": \"0x" + HEX.formatHex(relay) + "\" } }";
        return address.getHostAddress() + ',' + hardwareAddress.map(MacAddress::toString).orElse("") + ",,"
            + validLifetime + ',' + expiry.getEpochSecond() + ',' + subnetId + ",0,0,," + state.ordinal() + ','
            + userContext;
    }

    private static RelayAgentInfo relayAgentInfo(final String userContext) {
        final var found = RELAY_AGENT_INFO.matcher(userContext);
        if (!found.find()) {
            return RelayAgentInfo.NONE;
        }
        return RelayAgentInfo.decode(HEX.parseHex(found.group(1)));
    }

    private static Inet4Address ipv4(final String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("address is not IPv4: " + text);
        }
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address is not IPv4: " + text, e);
        }
    }

    private static long number(final String text, final String column) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " is not a number: " + text, e);
        }
    }
}
