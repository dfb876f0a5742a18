/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Drops replayed messages: a message is accepted only if its timestamp is within a window of the local clock and
 * the same (sender, request id, type) has not been seen inside that window. Thread-safe.
 */
final class ReplayGuard {
    private static final int MAX_REMEMBERED = 1 << 18;

    private record Seen(NodeId sender, long requestId, int type) {
    }

    private final long windowMillis;
    private final LongSupplier clockMillis;
    private final LinkedHashMap<Seen, Long> seen = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Seen, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

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
        // Forget what fell out of the window: entries are in arrival order.
        final var iterator = seen.values().iterator();
        while (iterator.hasNext() && nowMillis - iterator.next() > 2 * windowMillis) {
            iterator.remove();
        }
        return seen.putIfAbsent(new Seen(message.sender(), message.requestId(), message.body().type()),
            nowMillis) == null;
    }
}
