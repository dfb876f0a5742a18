/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;

/**
 * What a chunk says about itself: which object of which owner it belongs to, in which generation, where it sits in
 * the stripe, and how long the object and the chunk are.
 *
 * @param ownerId the access node that owns the object, at most 255 bytes of UTF-8
 * @param objectName the object's name within the owner, at most 1,024 bytes of UTF-8
 * @param generation the object's version; a newer version has a higher generation
 * @param index the chunk's place in the stripe: 0 to m - 1 data, m to m + k - 1 coding
 * @param coding m and k of the stripe
 * @param objectLength the object's length in bytes
 * @param chunkLength every chunk's payload length: the object length divided by m, rounded up
 * @param objectDigest the SHA-256 of the whole object
 */
public record ChunkHeader(String ownerId, String objectName, long generation, int index, CodingParameters coding,
        long objectLength, int chunkLength, ObjectDigest objectDigest) {
    /** The longest owner id, in bytes of UTF-8. */
    public static final int MAX_OWNER_ID_BYTES = 255;
    /** The longest object name, in bytes of UTF-8. */
    public static final int MAX_OBJECT_NAME_BYTES = 1024;
    /** The largest chunk payload, 16 MiB. */
    public static final int MAX_CHUNK_LENGTH = 16 << 20;

    /**
     * Checks the header for consistency.
     *
     * @throws IllegalArgumentException naming the first inconsistency
     */
    public ChunkHeader {
        requireNonNull(ownerId, "owner id");
        requireNonNull(objectName, "object name");
        requireNonNull(coding, "coding");
        requireNonNull(objectDigest, "object digest");
        if (ownerId.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_ID_BYTES) {
            throw new IllegalArgumentException("owner id longer than " + MAX_OWNER_ID_BYTES + " bytes");
        }
        if (objectName.getBytes(StandardCharsets.UTF_8).length > MAX_OBJECT_NAME_BYTES) {
            throw new IllegalArgumentException("object name longer than " + MAX_OBJECT_NAME_BYTES + " bytes");
        }
        if (index < 0 || index >= coding.totalChunks()) {
            throw new IllegalArgumentException("chunk index " + index + " outside a stripe of "
                + coding.totalChunks());
        }
        if (chunkLength < 0 || chunkLength > MAX_CHUNK_LENGTH) {
            throw new IllegalArgumentException("chunk length " + chunkLength + " outside 0 to " + MAX_CHUNK_LENGTH);
        }
        if (objectLength < 0 || chunkLength != chunkLengthOf(objectLength, coding.dataChunks())) {
            throw new IllegalArgumentException("chunk length " + chunkLength + " does not fit an object of "
                + objectLength + " bytes in " + coding.dataChunks() + " data chunks");
        }
    }

    /**
     * Returns the chunk length of an object split into data chunks: its length divided by m, rounded up.
     *
     * @param objectLength the object's length
     * @param dataChunks m
     * @return the payload length of each chunk, or -1 if it is larger than an int
     */
    public static int chunkLengthOf(final long objectLength, final int dataChunks) {
        final long length = (objectLength + dataChunks - 1) / dataChunks;
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    /**
     * Tells whether another header describes a chunk of the same stripe: same object, generation, coding, lengths
     * and digest.
     *
     * @param other another header
     * @return true if both chunks belong to one stripe
     */
    public boolean sameStripeAs(final ChunkHeader other) {
        return ownerId.equals(other.ownerId) && objectName.equals(other.objectName)
            && generation == other.generation && coding.equals(other.coding)
            && objectLength == other.objectLength && objectDigest.equals(other.objectDigest);
    }
}
