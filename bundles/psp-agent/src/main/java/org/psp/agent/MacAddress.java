/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A 48-bit Ethernet MAC address.
 *
 * @param value the address in the low 48 bits
 */
public record MacAddress(long value) {
    private static final Pattern TEXT = Pattern.compile("(\\p{XDigit}{2})([:-]\\p{XDigit}{2}){5}");

    /**
     * Checks the range.
     */
    public MacAddress {
        if (value >>> 48 != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes).
     *
     * @param text the address
     * @return the MAC address
     * @throws IllegalArgumentException if the text is not a MAC address
     */
    public static MacAddress parse(final String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("not a MAC address (aa:bb:cc:dd:ee:ff): " + text);
        }
        return new MacAddress(HexFormat.fromHexDigitsToLong(text.replaceAll("[:-]", "")));
    }

    @Override
    public String toString() {
        final var hex = String.format("%012x", value);
        final var text = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                text.append(':');
            }
            text.append(hex, i, i + 2);
        }
        return text.toString();
    }
}
