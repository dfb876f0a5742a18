/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

/**
 * What the manifest says of one segment: which generation of it is current, how it is coded and where its chunks
 * were placed.
 *
 * @param generation the current generation; its chunks carry it
 * @param digest the SHA-256 of the segment's bytes
 * @param coding m and k of its stripe
 * @param length the segment's length in bytes
 * @param holders for each chunk index, the node it was stored on
 */
public record SegmentVersion(long generation, ObjectDigest digest, CodingParameters coding, long length,
        List<NodeId> holders) {
    /**
     * Checks the components.
     */
    public SegmentVersion {
        requireNonNull(digest);
        requireNonNull(coding);
        holders = List.copyOf(holders);
        if (generation < 0 || length < 0) {
            throw new IllegalArgumentException("generation and length must not be negative");
        }
        if (holders.size() != coding.totalChunks()) {
            throw new IllegalArgumentException(holders.size() + " holders for " + coding.totalChunks() + " chunks");
        }
    }

    /**
     * Returns the payload bytes of one chunk: the segment's share per data chunk.
     *
     * @return ⌈length / m⌉
     */
    public long chunkBytes() {
        return (length + coding.dataChunks() - 1) / coding.dataChunks();
    }
}
