/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;

/**
 * Everything an access-node agent is started with.
 *
 * @param kad the overlay settings; their AN id is the agent's
 * @param coding m and k of the stripes it stores
 * @param segments how many segments its sessions are spread over
 * @param capacityBytes the RAM it lends to other nodes for their chunks
 * @param storingTime how long holders keep its chunks unless it extends them; it extends them every third of this,
 *     through the holders' heartbeats where they report at least six times per storing time
 * @param deleteGrace how long chunks deleted on this node can be undeleted
 * @param storeInterval how often it stores what changed; after failures it waits longer, up to a minute
 * @param index how it keeps its sessions in the overlay's index
 * @param coordination how holders of its chunks report and how its coordinators repair
 * @param fairness how much it may place in others beside what it does for them, and they in it
 */
public record AgentConfig(KadConfig kad, CodingParameters coding, int segments, long capacityBytes,
        Duration storingTime, Duration deleteGrace, Duration storeInterval, IndexSettings index,
        CoordinationSettings coordination, FairnessSettings fairness) {
    /** At most this many segments. */
    public static final int MAX_SEGMENTS = 65_536;

    /**
     * Checks the settings.
     */
    public AgentConfig {
        requireNonNull(kad);
        requireNonNull(coding);
        requireNonNull(index);
        requireNonNull(coordination);
        requireNonNull(fairness);
        if (segments < 1 || segments > MAX_SEGMENTS) {
            throw new IllegalArgumentException("segments must be 1 to " + MAX_SEGMENTS + ", was " + segments);
        }
        if (capacityBytes < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacityBytes);
        }
        positive(storingTime, "storing time");
        positive(deleteGrace, "delete grace period");
        positive(storeInterval, "store interval");
        if (storingTime.toSeconds() < 3) {
            throw new IllegalArgumentException("storing time must be at least 3 seconds, was " + storingTime);
        }
    }

    /**
     * Creates settings with the fairness defaults.
     *
     * @param kad the overlay settings
     * @param coding m and k
     * @param segments how many segments
     * @param capacityBytes the RAM lent to others
     * @param storingTime the chunks' storing time
     * @param deleteGrace the undelete period
     * @param storeInterval how often changes are stored
     * @param index the index settings
     * @param coordination the coordination settings
     */
    public AgentConfig(final KadConfig kad, final CodingParameters coding, final int segments,
            final long capacityBytes, final Duration storingTime, final Duration deleteGrace,
            final Duration storeInterval, final IndexSettings index, final CoordinationSettings coordination) {
        this(kad, coding, segments, capacityBytes, storingTime, deleteGrace, storeInterval, index, coordination,
            FairnessSettings.DEFAULTS);
    }

    /**
     * Creates settings with the coordination's defaults.
     *
     * @param kad the overlay settings
     * @param coding m and k
     * @param segments how many segments
     * @param capacityBytes the RAM lent to others
     * @param storingTime the chunks' storing time
     * @param deleteGrace the undelete period
     * @param storeInterval how often changes are stored
     * @param index the index settings
     */
    public AgentConfig(final KadConfig kad, final CodingParameters coding, final int segments,
            final long capacityBytes, final Duration storingTime, final Duration deleteGrace,
            final Duration storeInterval, final IndexSettings index) {
        this(kad, coding, segments, capacityBytes, storingTime, deleteGrace, storeInterval, index,
            CoordinationSettings.DEFAULTS);
    }

    /**
     * Creates settings with the index's defaults.
     *
     * @param kad the overlay settings
     * @param coding m and k
     * @param segments how many segments
     * @param capacityBytes the RAM lent to others
     * @param storingTime the chunks' storing time
     * @param deleteGrace the undelete period
     * @param storeInterval how often changes are stored
     */
    public AgentConfig(final KadConfig kad, final CodingParameters coding, final int segments,
            final long capacityBytes, final Duration storingTime, final Duration deleteGrace,
            final Duration storeInterval) {
        this(kad, coding, segments, capacityBytes, storingTime, deleteGrace, storeInterval, IndexSettings.DEFAULTS);
    }

    /**
     * Returns PSP's defaults for a node: 16 + 16 coding, 16 segments, 64 MiB lent to others, one hour of storing
     * time, ten minutes to undelete, changes stored every second. Sixteen segments keep the chunk headers and the
     * manifest small beside the data (about 2.1 bytes of RAM per byte of session data at 10,000 sessions) while a
     * lease change re-encodes a sixteenth of the sessions.
     *
     * @param kad the overlay settings
     * @return the settings
     */
    public static AgentConfig defaults(final KadConfig kad) {
        return new AgentConfig(kad, CodingParameters.DEFAULT, 16, 64L << 20, Duration.ofHours(1),
            Duration.ofMinutes(10), Duration.ofSeconds(1));
    }

    /**
     * Returns these settings with other coding parameters.
     *
     * @param newCoding m and k
     * @return the new settings
     */
    public AgentConfig withCoding(final CodingParameters newCoding) {
        return new AgentConfig(kad, newCoding, segments, capacityBytes, storingTime, deleteGrace, storeInterval,
            index, coordination, fairness);
    }

    /**
     * Returns these settings with other index settings.
     *
     * @param newIndex the index settings
     * @return the new settings
     */
    public AgentConfig withIndex(final IndexSettings newIndex) {
        return new AgentConfig(kad, coding, segments, capacityBytes, storingTime, deleteGrace, storeInterval,
            newIndex, coordination, fairness);
    }

    /**
     * Returns these settings with other coordination settings.
     *
     * @param newCoordination how holders report and coordinators repair
     * @return the new settings
     */
    public AgentConfig withCoordination(final CoordinationSettings newCoordination) {
        return new AgentConfig(kad, coding, segments, capacityBytes, storingTime, deleteGrace, storeInterval, index,
            newCoordination, fairness);
    }

    /**
     * Returns these settings with other fairness settings.
     *
     * @param newFairness the usefulness weights, bound and allowance
     * @return the new settings
     */
    public AgentConfig withFairness(final FairnessSettings newFairness) {
        return new AgentConfig(kad, coding, segments, capacityBytes, storingTime, deleteGrace, storeInterval, index,
            coordination, newFairness);
    }

    /**
     * Returns the AN id.
     *
     * @return the id
     */
    public String anId() {
        return kad.anId();
    }

    private static void positive(final Duration duration, final String what) {
        requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
    }
}
