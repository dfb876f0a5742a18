/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentCodecTest {
    @Test
    void roundTripsSessionsInKeyOrder() throws Exception {
        final var random = new Random(3);
        final var sessions = new ArrayList<Session>();
        for (int i = 0; i < 2000; i++) {
            sessions.add(SampleSessions.session(random, i, Instant.now()));
        }
        final var bytes = SegmentCodec.encode(sessions);
        final var decoded = SegmentCodec.decode(bytes);
        assertEquals(sessions.size(), decoded.size());
        assertTrue(decoded.containsAll(sessions));
        // Order does not matter: the same sessions give the same bytes.
        Collections.shuffle(sessions, random);
        assertArrayEquals(bytes, SegmentCodec.encode(sessions));
        assertEquals(List.of(), SegmentCodec.decode(SegmentCodec.encode(List.of())));
    }

    @Test
    void damagedSegmentsGiveClearErrors() throws Exception {
        final var bytes = SegmentCodec.encode(List.of(SampleSessions.session(new Random(1), 1, Instant.now())));
        assertEquals("truncated segment", assertThrows(SessionFormatException.class,
            () -> SegmentCodec.decode(Arrays.copyOf(bytes, bytes.length - 3))).getMessage());
        final var wrongVersion = bytes.clone();
        wrongVersion[0] = 7;
        assertEquals("unsupported segment format version 7", assertThrows(SessionFormatException.class,
            () -> SegmentCodec.decode(wrongVersion)).getMessage());
        final var random = new Random(2);
        for (int i = 0; i < 20_000; i++) {
            final var mutated = bytes.clone();
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                SegmentCodec.decode(mutated);
            } catch (SessionFormatException e) {
                assertTrue(e.getMessage() != null);
            }
        }
    }

    @Test
    void segmentsAreStableAcrossRunsAndSpreadEvenly() {
        final var key = new SessionKey("1/1/3", MacAddress.parse("aa:bb:cc:dd:ee:ff"));
        assertEquals(key.segment(64), new SessionKey("1/1/3", MacAddress.parse("AA-BB-CC-DD-EE-FF")).segment(64));
        final var counts = new int[16];
        final var random = new Random(4);
        for (int i = 0; i < 16_000; i++) {
            counts[new SessionKey("1/1/" + i, new MacAddress(random.nextLong() >>> 16)).segment(16)]++;
        }
        for (int count : counts) {
            assertTrue(count > 800 && count < 1200, Arrays.toString(counts));
        }
    }

    @Test
    void invalidSessionsAreRefusedWithTheReason() {
        assertEquals("not a MAC address (aa:bb:cc:dd:ee:ff): aa:bb:cc", assertThrows(
            IllegalArgumentException.class, () -> MacAddress.parse("aa:bb:cc")).getMessage());
        assertEquals("aa:bb:cc:dd:ee:0f", MacAddress.parse("AA:BB:CC:DD:EE:0F").toString());
        final var now = Instant.parse("2026-11-22T00:00:00Z");
        final var mac = MacAddress.parse("00:11:22:33:44:55");
        assertEquals("a session leases an IPv4 or an IPv6 address", assertThrows(IllegalArgumentException.class,
            () -> new Session("1/1/1", mac, Optional.empty(), Optional.empty(), now, now, 0, 0, "", ""))
            .getMessage());
        assertEquals("outer VLAN must be 0 (none) or 1 to 4094, was 4095", assertThrows(
            IllegalArgumentException.class, () -> new Session("1/1/1", mac, Optional.of(loopback()),
                Optional.empty(), now, now, 4095, 0, "", "")).getMessage());
    }

    private static Inet4Address loopback() {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
