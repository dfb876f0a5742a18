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
 * @param replicas on how many of the nodes closest to a keyword each record is held
 * @param republishInterval how often the node publishes its records again, so that nodes that joined closer to a
 *     keyword get them and records on nodes that left are replaced; holders keep a record for twice this, plus a
 *     minute
 * @param retention how long a record stays after its session ended, so that "who had this address then" is
 *     answered for that long; after it, the record is deleted
 */
public record IndexSettings(int replicas, Duration republishInterval, Duration retention) {
    /**
     * PSP's defaults: three replicas, published again every 30 minutes, ended sessions kept a day.
     */
    public static final IndexSettings DEFAULTS = new IndexSettings(3, Duration.ofMinutes(30), Duration.ofDays(1));

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
     * Returns how long holders keep a record of a live session: until two republishes were missed.
     *
     * @return the storing time
     */
    public Duration liveStoringTime() {
        return republishInterval.multipliedBy(2).plusMinutes(1);
    }
}
