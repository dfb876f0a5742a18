/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.psp.agent.MacAddress;

/**
 * Kea's lease lines as Kea 2.2 writes them (taken from its lease file), and option 82.
 */
class KeaLeaseTest {
    private static final LeaseColumns COLUMNS = LeaseColumns.of(KeaLease.HEADER);

    @Test
    void readsAGrantedLeaseWithOption82() throws Exception {
        final var lease = KeaLease.parse(COLUMNS, "10.77.0.10,00:0c:01:02:03:04,01:00:0c:01:02:03:04,120,1795891578,"
            + "1,0,0,,0,{ \"ISC\": { \"relay-agent-info\": \"0x0105312F312F3302056370652D37\" } }");
        assertEquals(InetAddress.getByName("10.77.0.10"), lease.address());
        assertEquals(Optional.of(MacAddress.parse("00:0c:01:02:03:04")), lease.hardwareAddress());
        assertEquals(120, lease.validLifetime());
        assertEquals(Instant.ofEpochSecond(1_795_891_578L), lease.expiry());
        assertEquals(Instant.ofEpochSecond(1_795_891_458L), lease.granted());
        assertEquals(1, lease.subnetId());
        assertEquals(KeaLease.State.DEFAULT, lease.state());
        assertEquals(new RelayAgentInfo("1/1/3", "cpe-7"), lease.relayAgentInfo());
        assertTrue(lease.held());
    }

    @Test
    void aDeletedOrDeclinedLeaseIsNotHeld() {
        final var deleted = KeaLease.parse(COLUMNS, "10.77.0.10,00:0c:01:02:03:04,01:00:0c:01:02:03:04,0,1795891544,"
            + "1,0,0,,0,");
        assertFalse(deleted.held());
        final var declined = KeaLease.parse(COLUMNS, "10.77.0.11,,,86400,1795977944,1,0,0,,1,");
        assertEquals(KeaLease.State.DECLINED, declined.state());
        assertEquals(Optional.empty(), declined.hardwareAddress());
        assertFalse(declined.held());
        final var reclaimed = KeaLease.parse(COLUMNS, "10.77.0.12,00:0c:01:02:03:06,,120,1795891578,1,0,0,,2,");
        assertEquals(KeaLease.State.EXPIRED_RECLAIMED, reclaimed.state());
        assertFalse(reclaimed.held());
    }

    @Test
    void readsEscapedCommasAndKea24sRelayInfoObject() {
        final var lease = KeaLease.parse(COLUMNS, "10.0.0.5,aa:bb:cc:dd:ee:ff,,3600,1795891578,2,0,0,,0,"
            + "{ \"ISC\": { \"relay-agent-info\": { \"sub-options\": \"0x0103414243\"&#x2c \"remote-id\": \"x\" } }"
            + "&#x2c \"other\": 1 }");
        assertEquals(new RelayAgentInfo("ABC", ""), lease.relayAgentInfo());
    }

    @Test
    void readsOlderFilesByTheirHeader() {
        final var columns = LeaseColumns.of("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,"
            + "fqdn_rev,hostname");
        final var lease = KeaLease.parse(columns, "10.0.0.5,aa:bb:cc:dd:ee:ff,,3600,1795891578,2,0,0,host");
        assertTrue(lease.held());
        assertEquals(RelayAgentInfo.NONE, lease.relayAgentInfo());
        assertThrows(IllegalArgumentException.class, () -> LeaseColumns.of("address,duid,iaid"));
    }

    @Test
    void writesLinesKeaReadsBack() throws Exception {
        final var lease = new KeaLease((java.net.Inet4Address) InetAddress.getByName("10.80.1.7"),
            Optional.of(MacAddress.parse("02:00:00:00:00:01")), 3600, Instant.ofEpochSecond(1_795_900_000L), 0,
            KeaLease.State.DEFAULT, new RelayAgentInfo("olt-1 pon 1/2", "0x00FF10"));
        final var line = lease.toLine();
        assertEquals("10.80.1.7,02:00:00:00:00:01,,3600,1795900000,0,0,0,,0,{ \"ISC\": { \"relay-agent-info\": "
            + "\"0x010D6F6C742D3120706F6E20312F32020300FF10\" } }", line);
        assertEquals(lease, KeaLease.parse(COLUMNS, line));
        assertEquals(KeaLease.HEADER.split(",").length, line.split(",", -1).length);
    }

    @Test
    void namesWhatIsWrongWithALine() {
        assertEquals("has 3 fields, the header 11", assertThrows(IllegalArgumentException.class,
            () -> KeaLease.parse(COLUMNS, "1,2,3")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeaLease.parse(COLUMNS,
            "fe80::1,00:0c:01:02:03:04,,120,1795891578,1,0,0,,0,")).getMessage().contains("not IPv4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeaLease.parse(COLUMNS,
            "10.0.0.1,00:0c:01:02:03:04,,soon,1795891578,1,0,0,,0,")).getMessage().contains("valid_lifetime"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KeaLease.parse(COLUMNS,
            "10.0.0.1,00:0c:01:02:03:04,,120,1795891578,1,0,0,,7,")).getMessage().contains("state 7"));
    }

    @Test
    void option82KeepsTextAndBinaryValues() {
        final var info = RelayAgentInfo.decode(HexFormat.of().parseHex("0105312F312F33" + "0902AABB" + "0203000102"));
        assertEquals(new RelayAgentInfo("1/1/3", "0x000102"), info);
        assertArrayEquals(HexFormat.of().parseHex("0105312F312F330203000102"), info.encode());
        assertEquals(new RelayAgentInfo("0x3078", ""), RelayAgentInfo.decode(HexFormat.of().parseHex("01023078")));
        assertEquals(new RelayAgentInfo("0x3078", ""),
            RelayAgentInfo.decode(new RelayAgentInfo("0x3078", "").encode()));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.decode(HexFormat.of().parseHex("0105312F")));
        assertThrows(IllegalArgumentException.class, () -> RelayAgentInfo.decode(new byte[] {1}));
        assertEquals(0, RelayAgentInfo.NONE.encode().length);
    }
}
