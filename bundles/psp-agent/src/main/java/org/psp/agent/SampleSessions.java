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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Plausible subscriber sessions for emulated access nodes and test beds: dual-stack and single-stack leases, VLANs
 * and option 82 ids, granted within the hour before a given time and valid for one to 25 hours. The same AN id,
 * count and time always give the same sessions.
 */
public final class SampleSessions {
    // The multicast bit of a MAC address: the least significant bit of its first octet. A subscriber's is clear.
    private static final long MULTICAST_BIT = 1L << 40;

    private SampleSessions() {
        // static only
    }

    /**
     * Returns an access node's sample sessions.
     *
     * @param anId the access node; it seeds the values
     * @param count how many
     * @param now the time around which the leases were granted
     * @return the sessions, on distinct ports
     */
    public static List<Session> of(final String anId, final int count, final Instant now) {
        final var random = new Random(anId.hashCode());
        final var sessions = new ArrayList<Session>(count);
        for (int index = 0; index < count; index++) {
            sessions.add(session(random, index, now, anId));
        }
        return sessions;
    }

    /**
     * Returns one random session on port {@code 1/<card>/<index>}.
     *
     * @param random the values' source
     * @param index the port number, which makes the session's key unique
     * @param now the time around which the lease was granted
     * @return the session
     */
    public static Session session(final Random random, final int index, final Instant now) {
        return session(random, index, now, "olt");
    }

    /** One random session of a named access node, whose name begins its circuit-id as relay agents write it. */
    private static Session session(final Random random, final int index, final Instant now, final String node) {
        final var v4 = new byte[] {10, (byte) random.nextInt(256), (byte) random.nextInt(256),
            (byte) random.nextInt(256)};
        final boolean hasIpv4 = random.nextInt(4) != 0;
        final var v6 = new byte[16];
        random.nextBytes(v6);
        v6[0] = 0x20;
        v6[1] = 0x01;
        final boolean hasIpv6 = !hasIpv4 || random.nextBoolean();
        final var start = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(random.nextInt(3600));
        try {
            final var port = "1/" + random.nextInt(16) + "/" + index;
            return new Session(port, new MacAddress(random.nextLong() >>> 16 & ~MULTICAST_BIT),
                hasIpv4 ? Optional.of((Inet4Address) InetAddress.getByAddress(v4)) : Optional.empty(),
                hasIpv6 ? Optional.of((Inet6Address) InetAddress.getByAddress(v6)) : Optional.empty(),
                start, start.plusSeconds(3600 + random.nextInt(86_400)), random.nextInt(4095),
                random.nextInt(4095), random.nextBoolean() ? node + " eth 1/1/" + index + ":" + index : "",
                random.nextBoolean() ? "subscriber-" + index : "");
        } catch (UnknownHostException e) {
            throw new IllegalStateException("addresses of 4 and 16 bytes are always valid", e);
        }
    }
}
