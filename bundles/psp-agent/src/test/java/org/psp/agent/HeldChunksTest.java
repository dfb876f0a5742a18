/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.psp.erasure.ChunkCodec;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ReedSolomon;
import org.psp.erasure.StripeCodec;
import org.psp.kad.NodeId;
import org.psp.store.ChunkStore;

class HeldChunksTest {
    private static final StripeCodec STRIPES = new StripeCodec(ReedSolomon.of(new CodingParameters(2, 1)));

    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private final ChunkStore store = new ChunkStore(1 << 20, Duration.ofHours(1), Duration.ofMinutes(10), clock);
    private final HeldChunks held = new HeldChunks("an-self", store, () -> now.toEpochMilli());

    /** Stores a chunk of an owner's object, generation 4, under a key of its own; returns the key. */
    private NodeId hold(final String owner, final String object, final int index, final Duration storingTime) {
        final var chunk = STRIPES.encode(owner, object, 4, new byte[] {1, 2, 3, 4}).get(index);
        final var key = NodeId.keyOf(owner, object + "/generation-4/chunk-" + index);
        store.put(key, ChunkCodec.encode(chunk), storingTime);
        return key;
    }

    @Test
    void readsOthersSegmentChunksByOwnerAndAgainOnlyOnceSomethingChanged() {
        hold("an-1", "segment-2", 0, Duration.ofMinutes(30));
        hold("an-1", "segment-2", 1, Duration.ofMinutes(60));
        final var ofAn2 = hold("an-2", "segment-0", 2, Duration.ofMinutes(60));
        hold("an-self", "segment-1", 0, Duration.ofMinutes(60));
        hold("an-3", "manifest", 0, Duration.ofMinutes(60));
        final var first = held.byOwner();
        assertEquals(Set.of("an-1", "an-2"), first.keySet(), "neither its own chunks nor what is not a segment");
        assertEquals(List.of(2, 2), held.of("an-1").stream().map(CoordinationMessage.HeldChunk::segment).toList());
        assertEquals(List.of(), held.of("an-9"));
        now = now.plus(Duration.ofMinutes(10));
        assertSame(first, held.byOwner(), "nothing changed: not read again");

        hold("an-4", "segment-3", 0, Duration.ofMinutes(60));
        assertEquals(Set.of("an-1", "an-2", "an-4"), held.byOwner().keySet(), "a store is seen");
        store.delete(ofAn2);
        assertEquals(Set.of("an-1", "an-4"), held.byOwner().keySet(), "a delete is seen");

        now = now.plus(Duration.ofMinutes(21));
        assertEquals(1, held.of("an-1").size(), "a chunk past its storing time is gone, not yet purged");
    }

    @Test
    void seesWhatTheStoreHeldBeforeAndReadsAgainOnlyTheChunksThatChanged() {
        final var early = new ChunkStore(1 << 20, Duration.ofHours(1), Duration.ofMinutes(10), clock);
        final var chunk = STRIPES.encode("an-1", "segment-5", 4, new byte[] {1, 2, 3, 4}).get(1);
        final var key = NodeId.keyOf("an-1", "segment-5/generation-4/chunk-1");
        early.put(key, ChunkCodec.encode(chunk), Duration.ofMinutes(30));
        final var view = new HeldChunks("an-self", early, () -> now.toEpochMilli());
        assertEquals(List.of(new CoordinationMessage.HeldChunk(5, 4, 1, now.plus(Duration.ofMinutes(30))
            .toEpochMilli())), view.of("an-1"), "held before the view was made");

        final var first = held.byOwner();
        hold("an-self", "segment-1", 0, Duration.ofMinutes(60));
        hold("an-3", "manifest", 0, Duration.ofMinutes(60));
        assertSame(first, held.byOwner(), "its own chunk and a manifest change nothing reported");
        final var last = hold("an-2", "segment-7", 2, Duration.ofMinutes(60));
        hold("an-2", "segment-3", 0, Duration.ofMinutes(60));
        hold("an-2", "segment-7", 1, Duration.ofMinutes(60));
        assertEquals(List.of("3/0", "7/1", "7/2"), held.of("an-2").stream()
            .map(one -> one.segment() + "/" + one.index()).toList(), "in segment order");
        assertTrue(store.extend(last, Duration.ofMinutes(90)));
        assertEquals(now.plus(Duration.ofMinutes(90)).toEpochMilli(), held.of("an-2").get(2).expiresAtMillis(),
            "an extension is seen");
    }
}
