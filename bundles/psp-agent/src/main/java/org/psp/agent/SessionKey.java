/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * What identifies a session on its access node: the subscriber port and the subscriber's MAC address.
 *
 * @param port the subscriber port
 * @param mac the MAC address
 */
public record SessionKey(String port, MacAddress mac) {
    /**
     * Checks the components.
     */
    public SessionKey {
        requireNonNull(port);
        requireNonNull(mac);
    }

    /**
     * Returns the segment this session belongs to: a stable hash (CRC32C of port and MAC) modulo the segment count,
     * the same on every JVM and every run, so that a change touches one segment.
     *
     * @param segments the number of segments
     * @return 0 to segments - 1
     */
    public int segment(final int segments) {
        final var crc = new CRC32C();
        crc.update(port.getBytes(StandardCharsets.UTF_8));
        crc.update(0);
        final long value = mac.value();
        for (int shift = 40; shift >= 0; shift -= 8) {
            crc.update((int) (value >>> shift));
        }
        return (int) (crc.getValue() % segments);
    }
}
