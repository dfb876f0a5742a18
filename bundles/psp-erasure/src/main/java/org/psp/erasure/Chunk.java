/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static java.util.Objects.requireNonNull;

/**
 * One chunk of a stripe: its header and its payload.
 *
 * @param header what the chunk is
 * @param payload its bytes, {@code header.chunkLength()} of them
 */
public record Chunk(ChunkHeader header, byte[] payload) {
    /**
     * Checks that the payload has the length the header announces.
     */
    public Chunk {
        requireNonNull(header);
        requireNonNull(payload);
        if (payload.length != header.chunkLength()) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes in a chunk of "
                + header.chunkLength());
        }
    }
}
