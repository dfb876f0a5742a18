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

/**
 * How an access node keeps its sessions in the overlay's index.
 *
 * @param enabled whether it publishes its sessions in the index at all; an access network whose operator does not
 *     want subscribers findable by address turns it off on every node
 * @param replicas on how many of the nodes closest to a keyword each record is held
 * @param republishInterval how often the node publishes its records again, so that nodes that joined closer to a
 *     keyword get them and records on nodes that left are replaced; holders keep a record for twice this, plus a
 *     minute
 * @param retention how long a record stays after its session ended, so that "who had this address then" is
 *     answered for that long; after it, the record is deleted
 */
public record IndexSettings(boolean enabled, int replicas, Duration republishInterval, Duration retention) {
    /**
     * PSP's defaults: on, three replicas, published again every 30 minutes, ended sessions kept a day.
     */
    public static final IndexSettings DEFAULTS = new IndexSettings(true, 3, Duration.ofMinutes(30),
        Duration.ofDays(1));

    /**
     * Checks the settings.
     */
    public IndexSettings {
        requireNonNull(republishInterval);
        requireNonNull(retention);
        if (replicas < 1 || replicas > 10) {
            throw new IllegalArgumentException("index replicas must be 1 to 10, was " + replicas);
        }
        if (republishInterval.toSeconds() < 1) {
            throw new IllegalArgumentException("the index republish interval must be at least a second, was "
                + republishInterval);
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("the index retention must not be negative, was " + retention);
        }
    }

    /**
     * Returns these settings with the index turned on or off.
     *
     * @param on whether the node publishes its sessions
     * @return the new settings
     */
    public IndexSettings withEnabled(final boolean on) {
        return new IndexSettings(on, replicas, republishInterval, retention);
    }

    /**
     * Returns these settings with another retention.
     *
     * @param newRetention how long records of ended sessions stay
     * @return the new settings
     */
    public IndexSettings withRetention(final Duration newRetention) {
        return new IndexSettings(enabled, replicas, republishInterval, newRetention);
    }

    /**
     * Returns these settings with another republish interval.
     *
     * @param interval how often records are published again
     * @return the new settings
     */
    public IndexSettings withRepublishInterval(final Duration interval) {
        return new IndexSettings(enabled, replicas, interval, retention);
    }

    /**
     * Returns how long holders keep a record of a live session: until two republishes were missed.
     *
     * @return the storing time
     */
    public Duration liveStoringTime() {
        return republishInterval.multipliedBy(2).plusMinutes(1);
    }
}
