/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A node's two ways into the network: datagrams, for the small messages of the Kad protocol, and a stream, for
 * values too large for a datagram and for commands. Messages are authenticated with the overlay key on the way out
 * and checked on the way in; what fails the check never reaches the {@link Receiver}.
 */
public interface OverlayEndpoint extends AutoCloseable {
    /** What a node does with the messages that reach it. */
    interface Receiver {
        /**
         * Takes a datagram.
         *
         * @param message the message
         * @param from its source
         * @return the answer to send back, or null for none
         */
        KadMessage datagram(KadMessage message, InetSocketAddress from);

        /**
         * Takes a message that came over a stream.
         *
         * @param message the message
         * @param from its source
         * @return the answer to send back over the same stream when it is ready, or null for none
         */
        CompletionStage<KadMessage> stream(KadMessage message, InetSocketAddress from);

        /**
         * Records a message that was dropped because it failed the overlay key's check or could not be read.
         *
         * @param failure why
         */
        void dropped(KadCodecException failure);
    }

    /**
     * Returns the address to which others send datagrams for this endpoint.
     *
     * @return the address
     */
    InetSocketAddress datagramAddress();

    /**
     * Returns the port, at the datagram address's host, on which this endpoint accepts streams.
     *
     * @return the port
     */
    int streamPort();

    /**
     * Sends a datagram; it may be lost.
     *
     * @param to the recipient
     * @param message the message
     */
    void sendDatagram(InetSocketAddress to, KadMessage message);

    /**
     * Sends a message over a stream to a peer, connecting first if need be.
     *
     * @param to the peer's stream address
     * @param message the message
     * @return completes when the message is on its way; fails if the peer cannot be reached
     */
    CompletableFuture<Void> sendStream(InetSocketAddress to, KadMessage message);

    /**
     * Tells whether the endpoint is open.
     *
     * @return false once closed
     */
    boolean isOpen();

    /** Closes the endpoint at once, as a crash would look to its peers. */
    @Override
    void close();
}
