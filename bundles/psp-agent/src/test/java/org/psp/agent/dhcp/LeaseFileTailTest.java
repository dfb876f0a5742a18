/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psp.agent.MacAddress;

/**
 * Following a lease file as Kea writes it: appends, half-written lines, its clean-up's rotation, and the files Kea
 * reads at start.
 */
class LeaseFileTailTest {
    @TempDir
    Path directory;

    private static String line(final int host, final long lifetime) {
        return "10.0.0." + host + ",00:00:00:00:00:" + String.format("%02x", host) + ",,"
            + lifetime + ",1795891578,1,0,0,,0,\n";
    }

    private static void append(final Path file, final String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> addresses(final List<KeaLease> leases) {
        return leases.stream().map(lease -> lease.address().getHostAddress() + "/" + lease.validLifetime()).toList();
    }

    @Test
    void readsAppendedLinesOnceAndWaitsForHalfWrittenOnes() throws Exception {
        final var file = directory.resolve("leases4.csv");
        try (var tail = new LeaseFileTail(file)) {
            assertEquals(List.of(), tail.readAll(), "no file yet: Kea creates it");
            append(file, KeaLease.HEADER + "\n" + line(1, 3600));
            assertEquals(List.of("10.0.0.1/3600"), addresses(tail.read()));
            assertEquals(List.of(), tail.read());
            final var next = line(2, 3600);
            append(file, next.substring(0, 10));
            assertEquals(List.of(), tail.read());
            append(file, next.substring(10) + line(1, 0));
            assertEquals(List.of("10.0.0.2/3600", "10.0.0.1/0"), addresses(tail.read()));
        }
    }

    @Test
    void followsTheFileAcrossKeasCleanUp() throws Exception {
        final var file = directory.resolve("leases4.csv");
        append(file, KeaLease.HEADER + "\n" + line(1, 3600));
        try (var tail = new LeaseFileTail(file)) {
            assertEquals(List.of("10.0.0.1/3600"), addresses(tail.readAll()));
            // Kea writes a last line, moves the file aside as .2 and starts a new one.
            append(file, line(2, 3600));
            Files.move(file, directory.resolve("leases4.csv.2"));
            append(file, KeaLease.HEADER + "\n" + line(3, 3600));
            assertEquals(List.of("10.0.0.2/3600", "10.0.0.3/3600"), addresses(tail.read()));
            append(file, line(3, 0));
            assertEquals(List.of("10.0.0.3/0"), addresses(tail.read()));
        }
    }

    @Test
    void readsWhatKeaLoadsAtStartInItsOrder() throws Exception {
        final var file = directory.resolve("leases4.csv");
        append(directory.resolve("leases4.csv.1"), KeaLease.HEADER + "\n" + line(1, 3600));
        append(directory.resolve("leases4.csv.2"), KeaLease.HEADER + "\n" + line(1, 0) + line(2, 3600));
        append(file, KeaLease.HEADER + "\n" + line(3, 3600));
        assertEquals(List.of(directory.resolve("leases4.csv.1"), directory.resolve("leases4.csv.2")),
            KeaLeaseFiles.cleanUpFiles(file));
        try (var tail = new LeaseFileTail(file)) {
            assertEquals(List.of("10.0.0.1/3600", "10.0.0.1/0", "10.0.0.2/3600", "10.0.0.3/3600"),
                addresses(tail.readAll()));
        }
        append(directory.resolve("leases4.csv.completed"), KeaLease.HEADER + "\n" + line(2, 3600));
        assertEquals(List.of(directory.resolve("leases4.csv.completed")), KeaLeaseFiles.cleanUpFiles(file));
    }

    @Test
    void skipsAndCountsLinesThatAreNoLeases() throws Exception {
        final var file = directory.resolve("leases4.csv");
        append(file, KeaLease.HEADER + "\n" + "garbage\n" + line(1, 3600));
        try (var tail = new LeaseFileTail(file)) {
            assertEquals(List.of("10.0.0.1/3600"), addresses(tail.readAll()));
            assertEquals(1, tail.rejectedLines());
            assertTrue(tail.lastRejection().endsWith(": garbage"), tail.lastRejection());
        }
    }

    @Test
    void writesALeaseFileWholeThatItReadsBack() throws Exception {
        final var file = directory.resolve("ram/leases4.csv");
        assertFalse(KeaLeaseFiles.holdsLeases(file));
        final var lease = new KeaLease((java.net.Inet4Address) InetAddress.getByName("10.0.0.9"),
            Optional.of(MacAddress.parse("02:00:00:00:00:09")), 600, Instant.ofEpochSecond(1_795_900_000L), 3,
            KeaLease.State.DEFAULT, new RelayAgentInfo("1/1/9", ""));
        KeaLeaseFiles.write(file, List.of());
        assertFalse(KeaLeaseFiles.holdsLeases(file), "a header alone holds no lease");
        KeaLeaseFiles.write(file, List.of(lease));
        assertTrue(KeaLeaseFiles.holdsLeases(file));
        try (var tail = new LeaseFileTail(file)) {
            assertEquals(List.of(lease), tail.readAll());
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }
}
