/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

/**
 * The shape of a Reed-Solomon stripe: {@code dataChunks} (m) data chunks plus {@code codingChunks} (k) coding
 * chunks, any m of which restore the stripe. GF(2^8) limits a stripe to 256 chunks.
 *
 * @param dataChunks m, at least 1
 * @param codingChunks k, at least 0
 */
public record CodingParameters(int dataChunks, int codingChunks) {
    /** The most chunks a stripe may have: the size of GF(2^8). */
    public static final int MAX_CHUNKS = 256;
    /** The default stripe, 16 + 16 (the defaults of /psp/coding in psp.yang): 2x storage, about 9 nines at
     *  a node availability of 0.9. */
    public static final CodingParameters DEFAULT = new CodingParameters(16, 16);

    /**
     * Checks the parameters.
     *
     * @throws IllegalArgumentException with a message naming the offending value
     */
    public CodingParameters {
        if (dataChunks < 1) {
            throw new IllegalArgumentException("data-chunks must be at least 1, was " + dataChunks);
        }
        if (codingChunks < 0) {
            throw new IllegalArgumentException("coding-chunks must not be negative, was " + codingChunks);
        }
        if (dataChunks + codingChunks > MAX_CHUNKS) {
            throw new IllegalArgumentException("data-chunks + coding-chunks must not exceed " + MAX_CHUNKS + ", was "
                + dataChunks + " + " + codingChunks + " = " + (dataChunks + codingChunks));
        }
    }

    /**
     * Returns m + k, the number of chunks in a stripe.
     *
     * @return the total chunk count
     */
    public int totalChunks() {
        return dataChunks + codingChunks;
    }
}
