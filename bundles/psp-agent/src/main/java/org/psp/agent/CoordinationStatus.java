/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A node's part in keeping data available, as of its last coordination round: what it did, whose data it
 * coordinates, and the stripes it coordinates that lack chunks, the fewest to spare first.
 *
 * @param counters what it did since it started
 * @param coordinated the owners whose data it coordinates, itself included while it stores anything, by owner
 * @param lowestMargins at most {@link #LISTED_STRIPES} of the stripes it coordinates that lack chunks, the lowest
 *     margin first; empty when every stripe it coordinates is whole
 */
public record CoordinationStatus(CoordinationCounters counters, List<CoordinatedOwner> coordinated,
        List<StripeMargin> lowestMargins) {
    /** The most stripes a status lists. */
    public static final int LISTED_STRIPES = 16;
    /** The status of a node that has not run a round yet. */
    public static final CoordinationStatus NONE = new CoordinationStatus(new CoordinationCounters(0, 0, 0, 0, 0, 0, 0,
        0, 0), List.of(), List.of());

    /**
     * Checks and copies the components.
     */
    public CoordinationStatus {
        requireNonNull(counters);
        coordinated = List.copyOf(coordinated);
        lowestMargins = List.copyOf(lowestMargins.subList(0, Math.min(LISTED_STRIPES, lowestMargins.size())));
    }
}
