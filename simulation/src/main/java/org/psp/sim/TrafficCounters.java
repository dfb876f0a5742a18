/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.util.Map;
import java.util.TreeMap;
import org.psp.kad.KadMessage;

/** What a simulated network carried: messages and bytes sent, datagrams lost on the way, messages nobody took. */
public final class TrafficCounters {
    private long messages;
    private long bytes;
    private long lost;
    private long undelivered;
    // By the message's type code, with the name of its body's class.
    private final long[] messagesByCode = new long[256];
    private final long[] bytesByCode = new long[256];
    private final String[] names = new String[256];

    void sent(final KadMessage.Body body, final int size) {
        messages++;
        bytes += size;
        final int code = body.type() & 0xff;
        if (messagesByCode[code]++ == 0) {
            names[code] = body.getClass().getSimpleName();
        }
        bytesByCode[code] += size;
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

    /**
     * Returns the messages sent by type (the overlay message's name: FindNode, Store, Command, ...).
     *
     * @return a copy, by name
     */
    public Map<String, Long> messagesByType() {
        return byType(messagesByCode);
    }

    /**
     * Returns the bytes sent by type, as {@link #bytes()} counts them.
     *
     * @return a copy, by name
     */
    public Map<String, Long> bytesByType() {
        return byType(bytesByCode);
    }

    private Map<String, Long> byType(final long[] counts) {
        final var byType = new TreeMap<String, Long>();
        for (int code = 0; code < counts.length; code++) {
            if (messagesByCode[code] > 0) {
                byType.put(names[code], counts[code]);
            }
        }
        return byType;
    }
}
