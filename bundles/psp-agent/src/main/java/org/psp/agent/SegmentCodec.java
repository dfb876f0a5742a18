/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The binary form of a segment: the sessions of one segment of an access node, the object that becomes one
 * Reed-Solomon stripe. Sessions are written in key order, so equal content gives equal bytes (and an equal digest).
 * Big-endian:
 *
 * <pre>
 *   version (1) | session count (4) | per session: port (2 + UTF-8) | MAC (6) | flags (1: IPv4, IPv6)
 *   | IPv4 (4)? | IPv6 (16)? | lease start ms (8) | lease expiry ms (8) | outer VLAN (2) | inner VLAN (2)
 *   | circuit-id (2 + UTF-8) | remote-id (2 + UTF-8)
 * </pre>
 */
public final class SegmentCodec {
    /** The format version this codec writes and reads. */
    public static final byte VERSION = 1;

    private static final Comparator<Session> BY_KEY = Comparator.comparing(Session::port)
        .thenComparingLong(session -> session.mac().value());

    private SegmentCodec() {
        // static methods only
    }

    /**
     * Encodes sessions.
     *
     * @param sessions the sessions, in any order
     * @return the segment's bytes
     */
    public static byte[] encode(final Collection<Session> sessions) {
        final var sorted = sessions.stream().sorted(BY_KEY).toList();
        int length = 1 + 4;
        for (var session : sorted) {
            length += 2 + utf8(session.port()).length + 6 + 1 + (session.ipv4().isPresent() ? 4 : 0)
                + (session.ipv6().isPresent() ? 16 : 0) + 8 + 8 + 2 + 2 + 2 + utf8(session.circuitId()).length + 2
                + utf8(session.remoteId()).length;
        }
        final var out = ByteBuffer.allocate(length).put(VERSION).putInt(sorted.size());
        for (var session : sorted) {
            text(out, session.port());
            final long mac = session.mac().value();
            out.putShort((short) (mac >>> 32)).putInt((int) mac);
            out.put((byte) ((session.ipv4().isPresent() ? 1 : 0) | (session.ipv6().isPresent() ? 2 : 0)));
            session.ipv4().ifPresent(address -> out.put(address.getAddress()));
            session.ipv6().ifPresent(address -> out.put(address.getAddress()));
            out.putLong(session.leaseStart().toEpochMilli()).putLong(session.leaseExpiry().toEpochMilli())
                .putShort((short) session.outerVlan()).putShort((short) session.innerVlan());
            text(out, session.circuitId());
            text(out, session.remoteId());
        }
        return out.array();
    }

    /**
     * Decodes a segment.
     *
     * @param bytes the segment's bytes
     * @return its sessions, in key order
     * @throws SessionFormatException if the bytes are not a segment
     */
    public static List<Session> decode(final byte[] bytes) throws SessionFormatException {
        final var in = ByteBuffer.wrap(bytes);
        try {
            final byte version = in.get();
            if (version != VERSION) {
                throw new SessionFormatException("unsupported segment format version " + version, null);
            }
            final int count = in.getInt();
            if (count < 0 || count > bytes.length / 30) {
                throw new SessionFormatException("impossible session count " + count, null);
            }
            final var sessions = new ArrayList<Session>(count);
            for (int i = 0; i < count; i++) {
                final var port = text(in);
                final var mac = new MacAddress((in.getShort() & 0xFFFFL) << 32 | in.getInt() & 0xFFFFFFFFL);
                final int flags = in.get();
                final Optional<Inet4Address> ipv4 = (flags & 1) != 0 ? Optional.of((Inet4Address) address(in, 4))
                    : Optional.empty();
                final Optional<Inet6Address> ipv6 = (flags & 2) != 0 ? Optional.of((Inet6Address) address(in, 16))
                    : Optional.empty();
                sessions.add(new Session(port, mac, ipv4, ipv6, Instant.ofEpochMilli(in.getLong()),
                    Instant.ofEpochMilli(in.getLong()), in.getShort(), in.getShort(), text(in), text(in)));
            }
            if (in.hasRemaining()) {
                throw new SessionFormatException(in.remaining() + " stray bytes after " + count + " sessions", null);
            }
            return sessions;
        } catch (BufferUnderflowException e) {
            throw new SessionFormatException("truncated segment", e);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new SessionFormatException("invalid session in segment: " + e.getMessage(), e);
        }
    }

    private static InetAddress address(final ByteBuffer in, final int length) throws SessionFormatException {
        final var bytes = new byte[length];
        in.get(bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new SessionFormatException("invalid address", e);
        }
    }

    private static void text(final ByteBuffer out, final String value) {
        final var bytes = utf8(value);
        out.putShort((short) bytes.length).put(bytes);
    }

    private static String text(final ByteBuffer in) {
        final var bytes = new byte[in.getShort() & 0xFFFF];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(final String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
