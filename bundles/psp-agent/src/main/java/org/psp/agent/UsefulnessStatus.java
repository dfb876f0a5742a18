/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A node's usefulness account: the coefficient and the counts it comes from, all of which only grow.
 *
 * @param coefficient (given + Δds · special given) / (taken + Δus · special taken); empty while nothing was taken
 * @param given bytes of other nodes' chunks it accepted
 * @param specialGiven bytes it read and wrote repairing other nodes' data
 * @param taken bytes of its chunks other nodes accepted
 * @param specialTaken bytes coordinators wrote repairing its data
 * @param refusedPlacements its own placements it held back, its coefficient below the bound
 * @param refusedOthers reservations of other nodes it refused for their coefficient
 */
public record UsefulnessStatus(Optional<Double> coefficient, long given, long specialGiven, long taken,
        long specialTaken, long refusedPlacements, long refusedOthers) {
    /** Nothing counted yet. */
    public static final UsefulnessStatus NONE = new UsefulnessStatus(Optional.empty(), 0, 0, 0, 0, 0, 0);

    /**
     * Checks the components.
     */
    public UsefulnessStatus {
        requireNonNull(coefficient);
    }
}
