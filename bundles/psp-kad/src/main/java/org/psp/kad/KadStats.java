/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one node's traffic, for operators: what was handled and what was dropped, and why.
 */
public final class KadStats {
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder unauthenticated = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder dropped = new LongAdder();

    /**
     * Returns the authentic messages received.
     *
     * @return the count
     */
    public long received() {
        return received.sum();
    }

    /**
     * Returns the messages sent.
     *
     * @return the count
     */
    public long sent() {
        return sent.sum();
    }

    /**
     * Returns the datagrams dropped for a bad or missing authentication code: strangers without the overlay key.
     *
     * @return the count
     */
    public long unauthenticated() {
        return unauthenticated.sum();
    }

    /**
     * Returns the authentic datagrams dropped because they did not parse.
     *
     * @return the count
     */
    public long malformed() {
        return malformed.sum();
    }

    /**
     * Returns the datagrams dropped as replays or for a timestamp outside the window.
     *
     * @return the count
     */
    public long replayed() {
        return replayed.sum();
    }

    /**
     * Returns the requests that got no answer in time.
     *
     * @return the count
     */
    public long timeouts() {
        return timeouts.sum();
    }

    /**
     * Returns the contacts dropped from the routing table for not answering.
     *
     * @return the count
     */
    public long contactsDropped() {
        return dropped.sum();
    }
}
