/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psp.erasure.CodingParameters;

class LaunchSettingsTest {
    private static LaunchSettings parse(final String text) throws IOException {
        final var properties = new Properties();
        properties.load(new StringReader(text));
        return LaunchSettings.parse(properties);
    }

    @Test
    void readsEverySetting() throws IOException {
        final var settings = parse("""
            an-id = olt-1
            overlay-key = 0123456789abcdef
            listen = 127.0.0.1:4001
            tcp-port = 5001
            bootstrap = 127.0.0.1:4000, 127.0.0.1:4002
            data-chunks = 10
            coding-chunks = 4
            segments = 32
            capacity-bytes = 1048576
            storing-time-seconds = 600
            sample-sessions = 50
            index = off
            index-retention-seconds = 7200
            index-republish-seconds = 600
            """);
        final var agent = settings.agent();
        assertEquals("olt-1", agent.anId());
        assertEquals(new InetSocketAddress("127.0.0.1", 4001), agent.kad().bindAddress());
        assertEquals(5001, agent.kad().tcpPort());
        assertEquals(new CodingParameters(10, 4), agent.coding());
        assertEquals(32, agent.segments());
        assertEquals(1 << 20, agent.capacityBytes());
        assertEquals(Duration.ofMinutes(10), agent.storingTime());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 4000), new InetSocketAddress("127.0.0.1", 4002)),
            settings.bootstrap());
        assertEquals(50, settings.sampleSessions());
        assertEquals(new IndexSettings(false, 3, Duration.ofMinutes(10), Duration.ofHours(2)), agent.index());
    }

    @Test
    void defaultsAreTheAgentDefaults() throws IOException {
        final var agent = parse("an-id = olt-1\noverlay-key = 0123456789abcdef\n").agent();
        assertEquals(CodingParameters.DEFAULT, agent.coding());
        assertEquals(16, agent.segments());
        assertEquals(Duration.ofHours(1), agent.storingTime());
        assertEquals(IndexSettings.DEFAULTS, agent.index());
        assertEquals(CoordinationSettings.DEFAULTS, agent.coordination());
        assertEquals(FairnessSettings.DEFAULTS, agent.fairness());
    }

    @Test
    void fairnessIsSetInTheSettingsFile() throws IOException {
        final var key = "an-id = olt-1\noverlay-key = 0123456789abcdef\n";
        final var agent = parse(key + "usefulness-bound = 0.5\nusefulness-allowance-bytes = 1048576\n"
            + "special-given-weight = 2\nspecial-taken-weight = 0.5\n").agent();
        assertEquals(new FairnessSettings(2, 0.5, 0.5, 1 << 20), agent.fairness());
        assertEquals("usefulness-bound must be a number, was 'high'", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "usefulness-bound = high")).getMessage());
        assertEquals("special-taken-weight must be 0 to 1000, was -1", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "special-taken-weight = -1")).getMessage());
        assertEquals("usefulness-allowance-bytes must not be negative, was -5",
            assertThrows(IllegalArgumentException.class,
                () -> parse(key + "usefulness-allowance-bytes = -5")).getMessage());
    }

    @Test
    void coordinationIsSetInTheSettingsFile() throws IOException {
        final var agent = parse("an-id = olt-1\noverlay-key = 0123456789abcdef\ncoordination-interval-seconds = 10\n"
            + "repair-margin = 255\nrepair = off\n").agent();
        assertEquals(new CoordinationSettings(Duration.ofSeconds(10), 255, false), agent.coordination());
        // A margin of k or more repairs at any loss.
        assertEquals(31, agent.coordination().repairThreshold(CodingParameters.DEFAULT));
    }

    @Test
    void wrongSettingsAreNamed() {
        final var key = "an-id = olt-1\noverlay-key = 0123456789abcdef\n";
        assertEquals("an-id is required", assertThrows(IllegalArgumentException.class,
            () -> parse("overlay-key = 0123456789abcdef")).getMessage());
        assertEquals("data-chunks must be 1 to 128, was 0", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "data-chunks = 0")).getMessage());
        assertEquals("coding-chunks must be 0 to 128, was 129",
            assertThrows(IllegalArgumentException.class, () -> parse(key + "coding-chunks = 129")).getMessage());
        assertEquals("segments must be a whole number, was 'many'", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "segments = many")).getMessage());
        assertEquals("bootstrap: '127.0.0.1' is not host:port", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "bootstrap = 127.0.0.1")).getMessage());
        assertEquals("index must be on or off, was 'yes'", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "index = yes")).getMessage());
        assertEquals("index-republish-seconds must be 1 to 2147483647, was 0",
            assertThrows(IllegalArgumentException.class, () -> parse(key + "index-republish-seconds = 0"))
                .getMessage());
        assertEquals("repair must be on or off, was 'yes'", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "repair = yes")).getMessage());
        assertEquals("coordination-interval-seconds must be 1 to 86400, was 0",
            assertThrows(IllegalArgumentException.class, () -> parse(key + "coordination-interval-seconds = 0"))
                .getMessage());
        assertEquals("repair-margin must be 0 to 255, was 256", assertThrows(IllegalArgumentException.class,
            () -> parse(key + "repair-margin = 256")).getMessage());
        assertEquals("unknown setting 'colour'; known settings are [an-id, bootstrap, capacity-bytes, "
            + "coding-chunks, coordination-interval-seconds, data-chunks, index, index-republish-seconds, "
            + "index-retention-seconds, kea-lease-file, listen, overlay-key, overlay-key-file, repair, "
            + "repair-margin, sample-sessions, segments, special-given-weight, special-taken-weight, "
            + "storing-time-seconds, tcp-port, usefulness-allowance-bytes, usefulness-bound]",
            assertThrows(IllegalArgumentException.class, () -> parse(key + "colour = red")).getMessage());
    }

    @Test
    void theOverlayKeyComesFromTheSettingsOrFromAFile(@TempDir final Path dir) throws IOException {
        final var keyFile = dir.resolve("overlay.key");
        Files.writeString(keyFile, "a key kept apart from the settings\n");
        assertEquals("a key kept apart from the settings", new String(parse("an-id = olt-1\noverlay-key-file = "
            + keyFile + "\n").agent().kad().overlayKey(), StandardCharsets.UTF_8));

        assertEquals("overlay-key or overlay-key-file is required", assertThrows(IllegalArgumentException.class,
            () -> parse("an-id = olt-1")).getMessage());
        assertEquals("overlay-key and overlay-key-file are both set; set one", assertThrows(
            IllegalArgumentException.class, () -> parse("an-id = olt-1\noverlay-key = 0123456789abcdef\n"
                + "overlay-key-file = " + keyFile)).getMessage());
        assertEquals("overlay-key-file: cannot read " + dir.resolve("absent") + " (NoSuchFileException)",
            assertThrows(IllegalArgumentException.class, () -> parse("an-id = olt-1\noverlay-key-file = "
                + dir.resolve("absent"))).getMessage());
        Files.writeString(keyFile, "short\n");
        assertEquals("overlay-key-file: the key in " + keyFile + " must have at least 16 bytes, has 5",
            assertThrows(IllegalArgumentException.class, () -> parse("an-id = olt-1\noverlay-key-file = "
                + keyFile)).getMessage());
    }

    @Test
    void aNodeFollowsAKeaLeaseFileGivenByItsAbsolutePath() throws IOException {
        final var key = "an-id = olt-1\noverlay-key = 0123456789abcdef\n";
        assertEquals(Optional.of(Path.of("/run/kea/kea-leases4.csv")),
            parse(key + "kea-lease-file = /run/kea/kea-leases4.csv").keaLeaseFile());
        assertEquals(Optional.empty(), parse(key).keaLeaseFile());
        assertEquals("kea-lease-file must be an absolute path, as in Kea's lease-database name, was leases4.csv",
            assertThrows(IllegalArgumentException.class, () -> parse(key + "kea-lease-file = leases4.csv"))
                .getMessage());
        assertEquals("sample-sessions and kea-lease-file are both set; the sessions of a node that follows a DHCP "
            + "server are its leases", assertThrows(IllegalArgumentException.class,
                () -> parse(key + "kea-lease-file = /run/kea/l.csv\nsample-sessions = 5")).getMessage());
    }
}
