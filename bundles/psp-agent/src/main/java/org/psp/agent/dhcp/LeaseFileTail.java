/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows Kea's DHCPv4 lease file as Kea appends to it: returns the leases of the lines written since the last
 * read. Kea's lease file clean-up (LFC) moves the file aside and starts a new one; the tail then reads the old file
 * to its end and goes on with the new one from its start. Only complete lines are read; a line Kea is still writing
 * waits for the next read. Lines that are not leases are counted and skipped, as Kea itself skips them.
 *
 * <p>Not thread-safe: one thread reads.
 */
public final class LeaseFileTail implements AutoCloseable {
    private static final int READ_SIZE = 64 * 1024;

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_SIZE);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private FileChannel channel;
    private Object fileKey;
    private LeaseColumns columns;
    private boolean headerRead;
    private long rejected;
    private String lastRejection = "";

    /**
     * Creates a tail of a lease file that does not read yet.
     *
     * @param file Kea's lease file (its {@code lease-database} {@code name})
     */
    public LeaseFileTail(final Path file) {
        this.file = requireNonNull(file);
    }

    /**
     * Returns the file followed.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Reads the leases Kea loads when it starts, in its order: the last clean-up's output (or the files it works on),
     * then the lease file itself, which the tail then follows from its end.
     *
     * @return every lease line, oldest first
     * @throws IOException if a file cannot be read
     */
    public List<KeaLease> readAll() throws IOException {
        final var leases = new ArrayList<KeaLease>();
        for (Path earlier : KeaLeaseFiles.cleanUpFiles(file)) {
            readWhole(earlier, leases);
        }
        leases.addAll(read());
        return leases;
    }

    /**
     * Reads the lines appended since the last read, following the file to its successor if Kea's clean-up replaced
     * it. A missing file reads as empty: Kea creates it.
     *
     * @return the new leases, oldest first
     * @throws IOException if the file cannot be read
     */
    public List<KeaLease> read() throws IOException {
        final var leases = new ArrayList<KeaLease>();
        if (channel == null && !open()) {
            return leases;
        }
        drain(leases);
        final Object currentKey = currentKey();
        if (currentKey != null && !currentKey.equals(fileKey)) {
            // Replaced: the old file was read to its end above; the new one is read from its start.
            closeChannel();
            if (open()) {
                drain(leases);
            }
        } else if (currentKey != null && channel.size() < channel.position()) {
            // Truncated in place: read it again from its start.
            channel.position(0);
            partial.reset();
            headerRead = false;
            drain(leases);
        }
        return leases;
    }

    /**
     * Returns how many lines were skipped because they were not leases.
     *
     * @return the count since the tail was created
     */
    public long rejectedLines() {
        return rejected;
    }

    /**
     * Says why the last skipped line was skipped.
     *
     * @return the reason with the line, or empty if none was
     */
    public String lastRejection() {
        return lastRejection;
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }

    private boolean open() throws IOException {
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        partial.reset();
        headerRead = false;
        return true;
    }

    private Object currentKey() throws IOException {
        try {
            return Objects.requireNonNullElse(Files.readAttributes(file, BasicFileAttributes.class).fileKey(),
                fileKey);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    private void drain(final List<KeaLease> leases) throws IOException {
        while (true) {
            buffer.clear();
            final int count = channel.read(buffer);
            if (count <= 0) {
                return;
            }
            final byte[] bytes = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < count; i++) {
                if (bytes[i] == '\n') {
                    partial.write(bytes, lineStart, i - lineStart);
                    line(partial.toString(StandardCharsets.UTF_8), leases);
                    partial.reset();
                    lineStart = i + 1;
                }
            }
            partial.write(bytes, lineStart, count - lineStart);
        }
    }

    private void readWhole(final Path path, final List<KeaLease> leases) throws IOException {
        headerRead = false;
        for (String text : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            line(text, leases);
        }
        headerRead = false;
    }

    private void line(final String raw, final List<KeaLease> leases) {
        final var text = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        if (text.isBlank()) {
            return;
        }
        if (!headerRead) {
            headerRead = true;
            try {
                columns = LeaseColumns.of(text);
            } catch (IllegalArgumentException e) {
                reject(e.getMessage(), text);
                columns = LeaseColumns.CURRENT;
            }
            return;
        }
        try {
            leases.add(KeaLease.parse(columns, text));
        } catch (IllegalArgumentException | DateTimeException e) {
            reject(e.getMessage(), text);
        }
    }

    private void reject(final String why, final String text) {
        rejected++;
        lastRejection = why + ": " + text;
    }
}
