/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.Chunk;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ReedSolomon;
import org.psp.erasure.StripeCodec;

/**
 * The order in which a stripe's chunks are asked for, against chunk sources that lose some chunks.
 */
class StripeFetchTest {
    private static final CodingParameters CODING = new CodingParameters(4, 3);
    private final List<Chunk> stripe = new StripeCodec(ReedSolomon.of(CODING)).encode("an-1", "segment-0", 1,
        new byte[1000]);
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final ExecutorScheduler timer = new ExecutorScheduler();

    @AfterEach
    void stopTimer() {
        timer.close();
    }

    private List<Integer> indexes(final Collection<Chunk> chunks) {
        return chunks.stream().map(chunk -> chunk.header().index()).sorted().toList();
    }

    private CompletableFuture<Optional<Chunk>> source(final Set<Integer> lost, final int index, final int pass) {
        asked.add(index + "@" + pass);
        return CompletableFuture.completedFuture(lost.contains(index) ? Optional.empty()
            : Optional.of(stripe.get(index)));
    }

    @Test
    void aHealthyStripeNeedsOnlyItsDataChunks() throws Exception {
        final var found = StripeFetch.fetch(CODING, 2, 1, (index, pass) -> source(Set.of(), index, pass), timer)
            .get(5, TimeUnit.SECONDS);
        assertEquals(List.of(0, 1, 2, 3), indexes(found));
        assertEquals(List.of("0@0", "1@0", "2@0", "3@0"), asked);
    }

    @Test
    void eachMissingChunkBringsInOneCodingChunk() throws Exception {
        final var found = StripeFetch.fetch(CODING, 2, 1, (index, pass) -> source(Set.of(1, 3), index, pass),
                timer)
            .get(5, TimeUnit.SECONDS);
        assertEquals(List.of(0, 2, 4, 5), indexes(found));
        assertEquals(6, asked.size());
    }

    @Test
    void aChunkLostOnceIsFetchedAgainOnTheNextPass() throws Exception {
        final var lostOnce = new ArrayList<String>();
        final var found = StripeFetch.fetch(CODING, 2, 1, (index, pass) -> {
            if (pass == 0 && index != 0) {
                lostOnce.add(index + "");
                asked.add(index + "@" + pass);
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return source(Set.of(), index, pass);
        }, timer).get(5, TimeUnit.SECONDS);
        assertEquals(4, found.size());
        assertEquals(6, lostOnce.size(), "every other index was tried on the first pass");
    }

    @Test
    void aLostStripeEndsAfterThePassesWithWhatWasFound() throws Exception {
        final var found = StripeFetch.fetch(CODING, 2, 1, (index, pass) -> source(Set.of(0, 1, 2, 3), index,
                pass), timer)
            .get(5, TimeUnit.SECONDS);
        assertEquals(List.of(4, 5, 6), indexes(found));
        assertEquals(7 + 4 + 4, asked.size(), "one pass over all, then two over the missing");
    }
}
