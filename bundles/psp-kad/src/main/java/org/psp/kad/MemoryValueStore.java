/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded in-memory {@link ValueStore}, for tests and for nodes that keep nothing else: it keeps values until they
 * are deleted, whatever their storing time, and forgets deleted values at once. Thread-safe.
 */
public final class MemoryValueStore implements ValueStore {
    private final Map<NodeId, byte[]> values = new HashMap<>();
    private final long capacityBytes;
    private long usedBytes;

    /**
     * Creates a store.
     *
     * @param capacityBytes the most value bytes it keeps
     */
    public MemoryValueStore(final long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    @Override
    public synchronized Outcome put(final NodeId key, final byte[] value, final Duration storingTime) {
        final var previous = values.get(key);
        final long needed = usedBytes - (previous == null ? 0 : previous.length) + value.length;
        if (needed > capacityBytes) {
            return Outcome.refused("store full: " + usedBytes + " of " + capacityBytes + " bytes used");
        }
        values.put(key, value.clone());
        usedBytes = needed;
        return Outcome.ACCEPTED;
    }

    @Override
    public synchronized Optional<byte[]> get(final NodeId key) {
        return Optional.ofNullable(values.get(key)).map(byte[]::clone);
    }

    @Override
    public synchronized boolean delete(final NodeId key) {
        final var removed = values.remove(key);
        if (removed != null) {
            usedBytes -= removed.length;
        }
        return removed != null;
    }

    @Override
    public synchronized boolean extend(final NodeId key, final Duration storingTime) {
        return values.containsKey(key);
    }

    @Override
    public boolean undelete(final NodeId key) {
        return false;
    }

    /**
     * Returns how many values are held.
     *
     * @return the count
     */
    public synchronized int size() {
        return values.size();
    }
}
