/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The settings of one Kad node.
 *
 * @param anId the access node's id; the node id is its MD5
 * @param bindAddress the UDP address to listen on (port 0 picks a free one)
 * @param tcpPort the TCP port for transfers of values too large for a datagram (0 picks a free one)
 * @param overlayKey the key shared by every member, at least 16 bytes
 * @param bucketSize K: contacts per bucket and nodes a lookup returns (Kad: 10)
 * @param alpha requests a lookup keeps in flight (Kad: 3)
 * @param minTimeout the shortest request timeout
 * @param maxTimeout the longest request timeout, also the first one before round trips are known
 * @param replayWindow how far a message's timestamp may be from this node's clock
 * @param maintenanceInterval how often idle buckets are refreshed
 */
public record KadConfig(String anId, InetSocketAddress bindAddress, int tcpPort, byte[] overlayKey, int bucketSize,
        int alpha, Duration minTimeout, Duration maxTimeout, Duration replayWindow, Duration maintenanceInterval) {
    /**
     * Checks the settings.
     */
    public KadConfig {
        requireNonNull(anId);
        requireNonNull(bindAddress);
        requireNonNull(overlayKey);
        requireNonNull(minTimeout);
        requireNonNull(maxTimeout);
        requireNonNull(replayWindow);
        requireNonNull(maintenanceInterval);
        overlayKey = overlayKey.clone();
        if (overlayKey.length < 16) {
            throw new IllegalArgumentException("the overlay key must have at least 16 bytes");
        }
        if (bucketSize < 1 || bucketSize > KadMessage.MAX_CONTACTS) {
            throw new IllegalArgumentException("bucket size must be 1 to " + KadMessage.MAX_CONTACTS);
        }
        if (alpha < 1) {
            throw new IllegalArgumentException("alpha must be at least 1");
        }
        if (maintenanceInterval.isNegative() || maintenanceInterval.isZero()) {
            throw new IllegalArgumentException("the maintenance interval must be positive");
        }
    }

    /**
     * Returns the defaults of Kad (K = 10, alpha = 3) for a node, with request timeouts of 100 ms to 1 s, a
     * 30-second replay window and maintenance every 15 minutes.
     *
     * @param anId the access node's id
     * @param bindAddress where to listen
     * @param overlayKey the overlay key
     * @return the settings
     */
    public static KadConfig defaults(final String anId, final InetSocketAddress bindAddress,
            final byte[] overlayKey) {
        return new KadConfig(anId, bindAddress, 0, overlayKey, 10, 3, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(30), Duration.ofMinutes(15));
    }

    /**
     * Returns these settings with another maintenance interval.
     *
     * @param interval how often idle buckets are refreshed
     * @return the new settings
     */
    public KadConfig withMaintenanceInterval(final Duration interval) {
        return new KadConfig(anId, bindAddress, tcpPort, overlayKey, bucketSize, alpha, minTimeout, maxTimeout,
            replayWindow, interval);
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof KadConfig other && anId.equals(other.anId)
            && bindAddress.equals(other.bindAddress) && tcpPort == other.tcpPort
            && Arrays.equals(overlayKey, other.overlayKey) && bucketSize == other.bucketSize && alpha == other.alpha
            && minTimeout.equals(other.minTimeout) && maxTimeout.equals(other.maxTimeout)
            && replayWindow.equals(other.replayWindow) && maintenanceInterval.equals(other.maintenanceInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(anId, bindAddress, tcpPort, Arrays.hashCode(overlayKey), bucketSize, alpha, minTimeout,
            maxTimeout, replayWindow, maintenanceInterval);
    }

    @Override
    public String toString() {
        // Never the key itself.
        return "KadConfig[anId=" + anId + ", bindAddress=" + bindAddress + ", tcpPort=" + tcpPort + ", bucketSize="
            + bucketSize + ", alpha=" + alpha + ", timeouts=" + minTimeout + ".." + maxTimeout + "]";
    }

    /**
     * Returns a copy of the overlay key.
     *
     * @return the key
     */
    @Override
    public byte[] overlayKey() {
        return overlayKey.clone();
    }
}
