/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 of a whole coded object, carried by each of its chunks so that a decode of mixed or stale chunks is
 * detected.
 *
 * @param bytes the 32 digest bytes
 */
public record ObjectDigest(byte[] bytes) {
    /** Length of a digest in bytes. */
    public static final int LENGTH = 32;

    /**
     * Checks the length and keeps a private copy.
     *
     * @param bytes the 32 digest bytes
     */
    public ObjectDigest {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /**
     * Computes the digest of an object.
     *
     * @param object the object's bytes
     * @return its SHA-256
     */
    public static ObjectDigest of(final byte[] object) {
        try {
            return new ObjectDigest(MessageDigest.getInstance("SHA-256").digest(object));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Returns a copy of the digest bytes.
     *
     * @return the 32 bytes
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(final Object obj) {
        return obj instanceof ObjectDigest other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
