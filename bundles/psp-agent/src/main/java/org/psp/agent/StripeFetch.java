/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.psp.erasure.Chunk;
import org.psp.erasure.CodingParameters;
import org.psp.kad.OverlayScheduler;

/**
 * Reads the chunks of one stripe back: the m data chunks first, so that a healthy stripe needs no decoding; one
 * coding chunk more for every chunk that does not come; and, once every index was tried, further passes over the
 * missing ones after a pause, since an answer lost under load is not a lost chunk. It completes with the chunks it
 * found, at least m of them unless the stripe is lost.
 */
final class StripeFetch {
    /** Where chunks come from. */
    @FunctionalInterface
    interface ChunkSource {
        /**
         * Fetches one chunk.
         *
         * @param index its index in the stripe
         * @param pass 0 for the first try, then the retry pass; later passes may look harder
         * @return the chunk, or empty if it could not be had; never fails
         */
        CompletableFuture<Optional<Chunk>> fetch(int index, int pass);
    }

    private final int needed;
    private final int total;
    private final int passes;
    private final long pauseMillis;
    private final ChunkSource source;
    private final OverlayScheduler timer;
    private final Map<Integer, Chunk> found = new ConcurrentHashMap<>();
    private final BitSet missing = new BitSet();
    private final CompletableFuture<Collection<Chunk>> result = new CompletableFuture<>();
    private int nextIndex;
    private int outstanding;
    private int pass;

    private StripeFetch(final CodingParameters coding, final int passes, final long pauseMillis,
            final ChunkSource source, final OverlayScheduler timer) {
        needed = coding.dataChunks();
        total = coding.totalChunks();
        this.passes = passes;
        this.pauseMillis = pauseMillis;
        this.source = source;
        this.timer = timer;
    }

    /**
     * Fetches a stripe.
     *
     * @param coding its m and k
     * @param passes how many passes over the missing chunks follow the first
     * @param pauseMillis the pause before the first retry pass; each later one waits that much longer
     * @param source where chunks come from
     * @param timer where the pauses are timed
     * @return the chunks found
     */
    static CompletableFuture<Collection<Chunk>> fetch(final CodingParameters coding, final int passes,
            final long pauseMillis, final ChunkSource source, final OverlayScheduler timer) {
        final var fetch = new StripeFetch(coding, passes, pauseMillis, source, timer);
        final List<Integer> first;
        synchronized (fetch) {
            first = new ArrayList<>();
            for (int index = 0; index < fetch.needed; index++) {
                first.add(index);
            }
            fetch.nextIndex = fetch.needed;
            fetch.outstanding = fetch.needed;
        }
        fetch.launch(first, 0);
        return fetch.result;
    }

    private void launch(final List<Integer> indexes, final int onPass) {
        for (int index : indexes) {
            source.fetch(index, onPass).whenComplete((chunk, failure) -> arrived(index,
                failure == null ? chunk : Optional.empty()));
        }
    }

    private void arrived(final int index, final Optional<Chunk> chunk) {
        final List<Integer> next = new ArrayList<>();
        final int onPass;
        boolean newPass = false;
        synchronized (this) {
            outstanding--;
            chunk.ifPresentOrElse(present -> found.put(index, present), () -> missing.set(index));
            if (result.isDone()) {
                return;
            }
            if (found.size() >= needed) {
                result.complete(List.copyOf(found.values()));
                return;
            }
            if (chunk.isEmpty() && nextIndex < total) {
                next.add(nextIndex++);
                outstanding++;
            } else if (outstanding == 0) {
                if (pass >= passes) {
                    result.complete(List.copyOf(found.values()));
                    return;
                }
                pass++;
                newPass = true;
                missing.stream().forEach(next::add);
                missing.clear();
                outstanding = next.size();
            }
            onPass = pass;
        }
        if (next.isEmpty()) {
            return;
        }
        if (newPass) {
            timer.schedule(() -> launch(next, onPass), pauseMillis * onPass, TimeUnit.MILLISECONDS);
        } else {
            launch(next, onPass);
        }
    }
}
