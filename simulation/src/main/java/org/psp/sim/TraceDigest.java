/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

/**
 * A running 64-bit digest of a simulation's trace: the time of every task and the sender, recipient, type and size
 * of every message. Two runs with the same digest ran the same events in the same order. Not cryptographic: FNV-1a
 * over 64-bit words, with a final mix.
 */
public final class TraceDigest {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long state = OFFSET;

    /**
     * Adds a word to the trace.
     *
     * @param word the word
     */
    public void add(final long word) {
        state = (state ^ word) * PRIME;
    }

    /**
     * Returns the digest of the trace so far.
     *
     * @return sixteen hexadecimal digits
     */
    public String value() {
        long mixed = state;
        mixed ^= mixed >>> 33;
        mixed *= 0xff51afd7ed558ccdL;
        mixed ^= mixed >>> 33;
        mixed *= 0xc4ceb9fe1a85ec53L;
        mixed ^= mixed >>> 33;
        return String.format("%016x", mixed);
    }
}
