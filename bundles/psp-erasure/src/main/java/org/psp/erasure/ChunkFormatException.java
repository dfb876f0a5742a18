/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.io.Serial;

/**
 * Bytes that were to hold a chunk do not: wrong magic or version, impossible lengths, or a checksum mismatch. The
 * chunk is to be treated as missing.
 */
public final class ChunkFormatException extends ErasureException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong with the bytes
     */
    public ChunkFormatException(final String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what is wrong with the bytes
     * @param cause the failure that showed it
     */
    public ChunkFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
