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
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * What a DHCP relay agent (the access node's line card) says of a subscriber in option 82 (RFC 3046): the circuit-id
 * (sub-option 1) and the remote-id (sub-option 2). A value of printable ASCII is kept as text, any other as
 * {@code 0x} and its bytes in hex, so that it round-trips.
 *
 * @param circuitId sub-option 1, empty if absent
 * @param remoteId sub-option 2, empty if absent
 */
public record RelayAgentInfo(String circuitId, String remoteId) {
    private static final int CIRCUIT_ID = 1;
    private static final int REMOTE_ID = 2;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** No option 82. */
    public static final RelayAgentInfo NONE = new RelayAgentInfo("", "");

    /**
     * Checks the components.
     */
    public RelayAgentInfo {
        requireNonNull(circuitId);
        requireNonNull(remoteId);
    }

    /**
     * Reads the option's payload: sub-options as code, length, value. Other sub-options are skipped.
     *
     * @param option the payload, without the option's own code and length
     * @return the circuit-id and remote-id
     * @throws IllegalArgumentException if a sub-option runs past the end
     */
    public static RelayAgentInfo decode(final byte[] option) {
        String circuit = "";
        String remote = "";
        int at = 0;
        while (at < option.length) {
            if (at + 2 > option.length) {
                throw new IllegalArgumentException("option 82 ends inside a sub-option header");
            }
            final int code = option[at] & 0xff;
            final int length = option[at + 1] & 0xff;
            if (at + 2 + length > option.length) {
                throw new IllegalArgumentException("option 82 sub-option " + code + " runs past the option's end");
            }
            final var value = new byte[length];
            System.arraycopy(option, at + 2, value, 0, length);
            if (code == CIRCUIT_ID) {
                circuit = text(value);
            } else if (code == REMOTE_ID) {
                remote = text(value);
            }
            at += 2 + length;
        }
        return new RelayAgentInfo(circuit, remote);
    }

    /**
     * Writes the option's payload: the circuit-id and remote-id sub-options that are not empty.
     *
     * @return the payload, empty if both are empty
     */
    public byte[] encode() {
        final var out = new ByteArrayOutputStream();
        subOption(out, CIRCUIT_ID, circuitId);
        subOption(out, REMOTE_ID, remoteId);
        return out.toByteArray();
    }

    /**
     * Tells whether the relay said nothing.
     *
     * @return true if both are empty
     */
    public boolean isEmpty() {
        return circuitId.isEmpty() && remoteId.isEmpty();
    }

    private static void subOption(final ByteArrayOutputStream out, final int code, final String value) {
        if (value.isEmpty()) {
            return;
        }
        final byte[] bytes = bytes(value);
        if (bytes.length > 255) {
            throw new IllegalArgumentException("an option 82 sub-option holds at most 255 bytes, not " + bytes.length);
        }
        out.write(code);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static String text(final byte[] value) {
        for (byte b : value) {
            if (b < 0x20 || b > 0x7e) {
                return "0x" + HEX.formatHex(value);
            }
        }
        final var text = new String(value, StandardCharsets.US_ASCII);
        // Text that itself looks like hex is written in hex, so that it reads back as the same text.
        return text.startsWith("0x") ? "0x" + HEX.formatHex(value) : text;
    }

    private static byte[] bytes(final String value) {
        if (value.startsWith("0x")) {
            return HexFormat.of().parseHex(value.substring(2));
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
