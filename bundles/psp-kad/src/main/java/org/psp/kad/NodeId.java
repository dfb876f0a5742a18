/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;

/**
 * A 128-bit identifier in the Kad key space: a node id (the MD5 of the access node's id, as Kad does it) or a key
 * (the MD5 of the owning access node's id, "/" and a chunk's file name). Distance is XOR.
 *
 * @param high the most significant 64 bits
 * @param low the least significant 64 bits
 */
public record NodeId(long high, long low) {
    /** Number of bits in an id. */
    public static final int BITS = 128;

    /**
     * Returns the node id of an access node.
     *
     * @param anId the access node's unique id
     * @return MD5 of its UTF-8 bytes
     */
    public static NodeId ofAccessNode(final String anId) {
        return md5(anId);
    }

    /**
     * Returns the key of one of an access node's chunks.
     *
     * @param anId the owning access node's id
     * @param fileName the chunk's file name
     * @return MD5 of {@code anId + "/" + fileName}
     */
    public static NodeId keyOf(final String anId, final String fileName) {
        return md5(anId + "/" + fileName);
    }

    /**
     * Reads an id from its 16 big-endian bytes.
     *
     * @param bytes 16 bytes
     * @return the id
     */
    public static NodeId fromBytes(final byte[] bytes) {
        if (bytes.length != BITS / 8) {
            throw new IllegalArgumentException("a node id has 16 bytes, not " + bytes.length);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | bytes[i] & 0xFF;
            low = low << 8 | bytes[i + 8] & 0xFF;
        }
        return new NodeId(high, low);
    }

    private static NodeId md5(final String text) {
        try {
            return fromBytes(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /**
     * Returns the XOR distance to another id.
     *
     * @param other the other id
     * @return this XOR other
     */
    public NodeId distance(final NodeId other) {
        return new NodeId(high ^ other.high, low ^ other.low);
    }

    /**
     * Returns how many leading bits this id shares with another: 128 for the same id.
     *
     * @param other the other id
     * @return the length of the common prefix
     */
    public int commonPrefixLength(final NodeId other) {
        final long highDiff = high ^ other.high;
        if (highDiff != 0) {
            return Long.numberOfLeadingZeros(highDiff);
        }
        return Long.SIZE + Long.numberOfLeadingZeros(low ^ other.low);
    }

    /**
     * Returns the bit at a position, 0 being the most significant.
     *
     * @param index 0 to 127
     * @return the bit
     */
    public boolean bit(final int index) {
        return index < Long.SIZE ? (high >>> (Long.SIZE - 1 - index) & 1) != 0
            : (low >>> (BITS - 1 - index) & 1) != 0;
    }

    /**
     * Returns this id with one bit flipped.
     *
     * @param index 0 to 127, 0 being the most significant
     * @return the id that differs from this one in that bit only
     */
    public NodeId flip(final int index) {
        return index < Long.SIZE ? new NodeId(high ^ 1L << (Long.SIZE - 1 - index), low)
            : new NodeId(high, low ^ 1L << (BITS - 1 - index));
    }

    /**
     * Compares two ids as unsigned 128-bit numbers.
     *
     * @param other the other id
     * @return negative, zero or positive as this id is smaller, equal or larger
     */
    public int compareUnsigned(final NodeId other) {
        final int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    /**
     * Orders ids by their distance to a target, closest first.
     *
     * @param target the target
     * @return the comparator
     */
    public static Comparator<NodeId> byDistanceTo(final NodeId target) {
        // The distances' words, compared as compareUnsigned does, without making the distances.
        return (left, right) -> {
            final int byHigh = Long.compareUnsigned(left.high ^ target.high, right.high ^ target.high);
            return byHigh != 0 ? byHigh : Long.compareUnsigned(left.low ^ target.low, right.low ^ target.low);
        };
    }

    /**
     * Returns the id's 16 big-endian bytes.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        final var bytes = new byte[BITS / 8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[i + 8] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    // Written out, not left to the record: ids are the keys of the overlay's hottest maps and sets.
    @Override
    public boolean equals(final Object other) {
        return other instanceof NodeId id && id.high == high && id.low == low;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(high) + Long.hashCode(low);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
