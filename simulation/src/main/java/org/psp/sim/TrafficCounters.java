/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

/** What a simulated network carried: messages and bytes sent, datagrams lost on the way, messages nobody took. */
public final class TrafficCounters {
    private long messages;
    private long bytes;
    private long lost;
    private long undelivered;

    void sent(final int size) {
        messages++;
        bytes += size;
    }

    void countLost() {
        lost++;
    }

    void countUndelivered() {
        undelivered++;
    }

    /**
     * Returns the messages sent.
     *
     * @return the count
     */
    public long messages() {
        return messages;
    }

    /**
     * Returns the bytes sent, as encoded on the wire (without UDP, TCP and IP headers).
     *
     * @return the count
     */
    public long bytes() {
        return bytes;
    }

    /**
     * Returns the datagrams the links lost.
     *
     * @return the count
     */
    public long lost() {
        return lost;
    }

    /**
     * Returns the messages that reached a host that was down, cut off or had nothing on the port.
     *
     * @return the count
     */
    public long undelivered() {
        return undelivered;
    }
}
