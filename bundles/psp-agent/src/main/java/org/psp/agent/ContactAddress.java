/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.net.InetSocketAddress;

/**
 * Reads the address of an overlay member as operators write it: {@code host:port} or {@code [IPv6]:port}.
 */
public final class ContactAddress {
    private ContactAddress() {
        // static only
    }

    /**
     * Reads an address.
     *
     * @param text the address
     * @return the socket address, resolved
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static InetSocketAddress parse(final String text) {
        final int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        final var host = text.substring(0, colon).replace("[", "").replace("]", "");
        final int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port", e);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " of '" + text + "' is out of range");
        }
        final var address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve '" + host + "'");
        }
        return address;
    }
}
