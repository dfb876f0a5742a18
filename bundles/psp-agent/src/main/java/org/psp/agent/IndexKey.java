/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.psp.kad.NodeId;

/**
 * A keyword of the session index: what an operator looks a subscriber up by. Its {@linkplain #hash() hash} decides
 * which nodes hold the index records under it.
 *
 * @param kind what the value is
 * @param value the value in its canonical text: addresses as Java writes them, MACs in lower case with colons,
 *     IPv6 prefixes as their /64 network
 */
public record IndexKey(Kind kind, String value) {
    /** Length of the IPv6 prefixes sessions are indexed under: a subscriber's LAN. */
    public static final int IPV6_PREFIX_LENGTH = 64;

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
        + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /** What a keyword is. */
    public enum Kind {
        /** A leased IPv4 address. */
        IPV4("ipv4"),
        /** A leased IPv6 address. */
        IPV6("ipv6"),
        /** The /64 network of a leased IPv6 address. */
        IPV6_PREFIX("ipv6-prefix"),
        /** A subscriber's MAC address. */
        MAC("mac"),
        /** The DHCP relay agent's circuit-id of a subscriber's line. */
        CIRCUIT_ID("circuit-id");

        private final String yangName;

        Kind(final String yangName) {
            this.yangName = yangName;
        }

        /**
         * Returns the kind's name in the YANG model and on the command line.
         *
         * @return the name, e.g. {@code ipv6-prefix}
         */
        public String yangName() {
            return yangName;
        }

        /**
         * Returns the kind with a name.
         *
         * @param name the name, e.g. {@code mac}
         * @return the kind
         * @throws IllegalArgumentException naming the kinds there are
         */
        public static Kind of(final String name) {
            return Arrays.stream(values()).filter(kind -> kind.yangName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown key type " + name + "; one of "
                    + Arrays.stream(values()).map(Kind::yangName).toList()));
        }
    }

    /**
     * Checks the components.
     */
    public IndexKey {
        requireNonNull(kind);
        requireNonNull(value);
    }

    /**
     * Parses a keyword as an operator writes it.
     *
     * @param kind what it is
     * @param text the value, e.g. {@code 192.0.2.77}, {@code 2001:db8:1:2::/64}, {@code 02:00:5E:10:00:01}
     * @return the keyword, canonical
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static IndexKey parse(final Kind kind, final String text) {
        requireNonNull(text, kind.yangName());
        final var trimmed = text.strip();
        return switch (kind) {
            case IPV4 -> {
                if (!IPV4.matcher(trimmed).matches()) {
                    throw new IllegalArgumentException("not an IPv4 address: " + text);
                }
                yield new IndexKey(kind, address(trimmed).getHostAddress());
            }
            case IPV6 -> new IndexKey(kind, ipv6(trimmed, text).getHostAddress());
            case IPV6_PREFIX -> {
                final int slash = trimmed.indexOf('/');
                if (slash < 0 || !trimmed.substring(slash + 1).equals(String.valueOf(IPV6_PREFIX_LENGTH))) {
                    throw new IllegalArgumentException("sessions are indexed by their /" + IPV6_PREFIX_LENGTH
                        + " prefix; not one: " + text);
                }
                yield new IndexKey(kind, prefix(ipv6(trimmed.substring(0, slash), text)));
            }
            case MAC -> new IndexKey(kind, MacAddress.parse(trimmed).toString());
            case CIRCUIT_ID -> {
                if (trimmed.isEmpty() || text.length() > Session.MAX_TEXT) {
                    throw new IllegalArgumentException("a circuit-id has 1 to " + Session.MAX_TEXT + " characters");
                }
                yield new IndexKey(kind, text);
            }
        };
    }

    /**
     * Returns the keywords a session is found by: its addresses, its IPv6 /64, its MAC and its circuit-id.
     *
     * @param session the session
     * @return its keywords
     */
    public static List<IndexKey> of(final Session session) {
        final var keys = new ArrayList<IndexKey>(5);
        session.ipv4().ifPresent(address -> keys.add(new IndexKey(Kind.IPV4, address.getHostAddress())));
        session.ipv6().ifPresent(address -> {
            keys.add(new IndexKey(Kind.IPV6, address.getHostAddress()));
            keys.add(new IndexKey(Kind.IPV6_PREFIX, prefix(address)));
        });
        keys.add(new IndexKey(Kind.MAC, session.mac().toString()));
        if (!session.circuitId().isEmpty()) {
            keys.add(new IndexKey(Kind.CIRCUIT_ID, session.circuitId()));
        }
        return keys;
    }

    /**
     * Returns the keyword's hash: the key its index records are stored under.
     *
     * @return the hash
     */
    public NodeId hash() {
        return NodeId.keyOf("psp-index", kind.yangName() + " " + value);
    }

    @Override
    public String toString() {
        return kind.yangName() + " " + value;
    }

    private static Inet6Address ipv6(final String literal, final String text) {
        if (!IPV6.matcher(literal).matches() || literal.indexOf(':') < 0
                || !(address(literal) instanceof Inet6Address address)) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        return address;
    }

    private static InetAddress address(final String literal) {
        try {
            // A literal, checked above: no name is resolved.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    private static String prefix(final Inet6Address address) {
        final var bytes = address.getAddress();
        Arrays.fill(bytes, IPV6_PREFIX_LENGTH / 8, bytes.length, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + IPV6_PREFIX_LENGTH;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
