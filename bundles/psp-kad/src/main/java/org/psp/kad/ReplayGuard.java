/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.function.LongSupplier;

/**
 * Drops replayed messages: a message is accepted only if its timestamp is within a window of the local clock and
 * the same (sender, request id, type) has not been seen inside that window. Thread-safe.
 *
 * <p>What it has seen takes 32 bytes per message: a 64-bit fingerprint of (sender, request id, type) in an
 * open-addressing set, and in a ring of arrival times, where the oldest are forgotten once they are two windows old
 * (by then a replay of them fails the timestamp check). Two distinct messages share a fingerprint with a probability
 * of about 2^-64 per pair; the later one would be dropped as a replay, and its sender would ask again.
 */
final class ReplayGuard {
    private static final int MAX_REMEMBERED = 1 << 18;
    private static final int MIN_CAPACITY = 64;

    private final long windowMillis;
    private final LongSupplier clockMillis;
    // The ring of fingerprints and arrival times, oldest at head.
    private long[] prints = new long[MIN_CAPACITY];
    private long[] arrivals = new long[MIN_CAPACITY];
    private int head;
    private int size;
    // The same fingerprints, for lookup: linear probing, 0 for an empty slot, at most half full.
    private long[] set = new long[2 * MIN_CAPACITY];

    ReplayGuard(final long windowMillis, final LongSupplier clockMillis) {
        this.windowMillis = windowMillis;
        this.clockMillis = clockMillis;
    }

    /**
     * Records a message and tells whether it is fresh.
     *
     * @param message the message
     * @return true if it should be processed
     */
    synchronized boolean accept(final KadMessage message) {
        final long nowMillis = clockMillis.getAsLong();
        if (Math.abs(nowMillis - message.timestampMillis()) > windowMillis) {
            return false;
        }
        while (size > 0 && nowMillis - arrivals[head] > 2 * windowMillis) {
            forgetOldest();
        }
        final long print = fingerprint(message);
        if (contains(print)) {
            return false;
        }
        if (size == MAX_REMEMBERED) {
            forgetOldest();
        }
        remember(print, nowMillis);
        return true;
    }

    /** Tells how many messages are remembered, for tests. */
    synchronized int remembered() {
        return size;
    }

    private static long fingerprint(final KadMessage message) {
        long hash = mix(message.sender().high() ^ 0x9e3779b97f4a7c15L);
        hash = mix(hash ^ message.sender().low());
        hash = mix(hash ^ message.requestId());
        hash = mix(hash ^ message.body().type());
        return hash == 0 ? 1 : hash;
    }

    /** The finalizer of MurmurHash3's 64-bit variant: every input bit affects every output bit. */
    private static long mix(final long value) {
        long mixed = value;
        mixed ^= mixed >>> 33;
        mixed *= 0xff51afd7ed558ccdL;
        mixed ^= mixed >>> 33;
        mixed *= 0xc4ceb9fe1a85ec53L;
        mixed ^= mixed >>> 33;
        return mixed;
    }

    private int slotOf(final long print) {
        return (int) (print ^ print >>> 32) & set.length - 1;
    }

    private boolean contains(final long print) {
        for (int slot = slotOf(print); set[slot] != 0; slot = slot + 1 & set.length - 1) {
            if (set[slot] == print) {
                return true;
            }
        }
        return false;
    }

    private void remember(final long print, final long arrival) {
        if (size == prints.length) {
            resize(prints.length * 2);
        }
        final int tail = head + size & prints.length - 1;
        prints[tail] = print;
        arrivals[tail] = arrival;
        size++;
        insert(print);
    }

    private void insert(final long print) {
        int slot = slotOf(print);
        while (set[slot] != 0) {
            slot = slot + 1 & set.length - 1;
        }
        set[slot] = print;
    }

    private void forgetOldest() {
        remove(prints[head]);
        head = head + 1 & prints.length - 1;
        size--;
        if (prints.length > MIN_CAPACITY && size < prints.length / 4) {
            resize(prints.length / 2);
        }
    }

    /** Removes a fingerprint and closes the gap, so that every probe sequence stays unbroken. */
    private void remove(final long print) {
        final int mask = set.length - 1;
        int gap = slotOf(print);
        while (set[gap] != print) {
            gap = gap + 1 & mask;
        }
        set[gap] = 0;
        for (int next = gap + 1 & mask; set[next] != 0; next = next + 1 & mask) {
            final int home = slotOf(set[next]);
            // The entry may move into the gap unless its home lies cyclically after the gap, up to it.
            if ((next - home & mask) >= (next - gap & mask)) {
                set[gap] = set[next];
                set[next] = 0;
                gap = next;
            }
        }
    }

    private void resize(final int capacity) {
        final var newPrints = new long[capacity];
        final var newArrivals = new long[capacity];
        for (int index = 0; index < size; index++) {
            newPrints[index] = prints[head + index & prints.length - 1];
            newArrivals[index] = arrivals[head + index & prints.length - 1];
        }
        prints = newPrints;
        arrivals = newArrivals;
        head = 0;
        set = new long[2 * capacity];
        for (int index = 0; index < size; index++) {
            insert(prints[index]);
        }
    }
}
