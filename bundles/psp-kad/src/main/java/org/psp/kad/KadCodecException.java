/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.io.Serial;

/**
 * A datagram is not a valid Kad message.
 */
public final class KadCodecException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean authentic;

    /**
     * Creates an exception about an authentic but malformed message.
     *
     * @param message what is wrong
     */
    public KadCodecException(final String message) {
        this(message, true);
    }

    /**
     * Creates an exception.
     *
     * @param message what is wrong
     * @param authentic whether the datagram carried a valid authentication code
     */
    public KadCodecException(final String message, final boolean authentic) {
        super(message);
        this.authentic = authentic;
    }

    /**
     * Creates an exception about an authentic message that failed to parse.
     *
     * @param message what is wrong
     * @param cause the parse failure
     */
    public KadCodecException(final String message, final Throwable cause) {
        super(message, cause);
        authentic = true;
    }

    /**
     * Tells whether the datagram came from a member of the overlay (valid authentication code).
     *
     * @return true if it did
     */
    public boolean authentic() {
        return authentic;
    }
}
