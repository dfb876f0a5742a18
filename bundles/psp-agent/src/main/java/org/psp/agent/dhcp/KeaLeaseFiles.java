/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Kea's DHCPv4 lease files on disk: the file Kea appends to and those its lease file clean-up (LFC) leaves beside it.
 */
public final class KeaLeaseFiles {
    private KeaLeaseFiles() {
        // static only
    }

    /**
     * Returns the clean-up's files that Kea reads before the lease file when it starts: the finished output
     * ({@code .completed}) if there is one, else the merged file ({@code .1}) and the file being merged
     * ({@code .2}), those that exist.
     *
     * @param file the lease file
     * @return the files, in the order Kea reads them
     */
    public static List<Path> cleanUpFiles(final Path file) {
        final var completed = sibling(file, ".completed");
        if (Files.isRegularFile(completed)) {
            return List.of(completed);
        }
        final var files = new ArrayList<Path>();
        for (String suffix : List.of(".1", ".2")) {
            final var path = sibling(file, suffix);
            if (Files.isRegularFile(path)) {
                files.add(path);
            }
        }
        return files;
    }

    /**
     * Tells whether Kea would start with leases: whether the lease file or a clean-up file exists with more than its
     * header. After an access node's restart its lease file, kept in RAM, is gone.
     *
     * @param file the lease file
     * @return true if some file holds a line after its header
     * @throws IOException if a file cannot be read
     */
    public static boolean holdsLeases(final Path file) throws IOException {
        final var files = new ArrayList<>(cleanUpFiles(file));
        files.add(file);
        for (Path path : files) {
            if (Files.isRegularFile(path)) {
                try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
                    if (lines.filter(line -> !line.isBlank()).skip(1).findAny().isPresent()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Writes a lease file for Kea to start with, whole or not at all: to a temporary file beside it, then moved into
     * place. Kea must not run on the file meanwhile. The file is readable and writable by its owner and group, so that
     * Kea may run as a user of the agent's group.
     *
     * @param file the lease file
     * @param leases the leases
     * @throws IOException if the file cannot be written
     */
    public static void write(final Path file, final Collection<KeaLease> leases) throws IOException {
        final var directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        final var temporary = Files.createTempFile(directory, file.getFileName() + ".", ".psp");
        try {
            if (Files.getFileStore(temporary).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-rw----"));
            }
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                out.write(KeaLease.HEADER);
                out.write('\n');
                for (KeaLease lease : leases) {
                    out.write(lease.toLine());
                    out.write('\n');
                }
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path sibling(final Path file, final String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
