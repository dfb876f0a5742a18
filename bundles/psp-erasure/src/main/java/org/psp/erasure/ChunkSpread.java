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
 * The chunks of one stripe spread as evenly as possible over its holder nodes: {@code largerNodes} of them hold
 * {@code chunksPerNode + 1} chunks, the others {@code chunksPerNode}.
 *
 * @param coding the stripe shape
 * @param nodes the holder nodes, 1 to m + k
 * @param chunksPerNode floor((m + k) / nodes)
 * @param largerNodes (m + k) mod nodes
 */
record ChunkSpread(CodingParameters coding, int nodes, int chunksPerNode, int largerNodes) {
    /**
     * Checks that the spread places every chunk.
     */
    ChunkSpread {
        requireNonNull(coding);
        if (nodes < 1 || nodes > coding.totalChunks()
                || nodes * chunksPerNode + largerNodes != coding.totalChunks() || largerNodes >= nodes) {
            throw new IllegalArgumentException("not an even spread of " + coding.totalChunks() + " chunks over "
                + nodes + " nodes");
        }
    }

    /**
     * Spreads a stripe over some nodes; more nodes than chunks leave the others empty, so that each chunk has a node.
     *
     * @param coding the stripe shape
     * @param holderNodes the nodes there are, at least 1
     * @return the spread
     * @throws IllegalArgumentException if {@code holderNodes} is less than 1
     */
    static ChunkSpread of(final CodingParameters coding, final int holderNodes) {
        if (holderNodes < 1) {
            throw new IllegalArgumentException("holder-nodes must be at least 1, was " + holderNodes);
        }
        final int chunks = coding.totalChunks();
        final int nodes = Math.min(holderNodes, chunks);
        return new ChunkSpread(coding, nodes, chunks / nodes, chunks % nodes);
    }
}
