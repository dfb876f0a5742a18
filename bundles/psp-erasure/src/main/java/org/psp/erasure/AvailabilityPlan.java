/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;

/**
 * The availability of data coded with some {@link CodingParameters} on nodes of a given availability.
 *
 * @param coding the stripe shape
 * @param holderNodes the nodes the chunks are spread over, at most m + k (each chunk on a node of its own)
 * @param availability Pd, the probability that at least m of the m + k chunks are reachable
 * @param unavailability 1 - Pd, computed as the lower tail sum so that it keeps its significant digits
 * @param nines -log10(1 - Pd)
 * @param storageOverhead (m + k) / m
 * @param replicationCopies the fewest copies with which plain replication reaches the same availability
 */
public record AvailabilityPlan(CodingParameters coding, int holderNodes, BigDecimal availability,
        BigDecimal unavailability, double nines, BigDecimal storageOverhead, long replicationCopies) {
    /**
     * Checks that no component is null.
     */
    public AvailabilityPlan {
        requireNonNull(coding);
        requireNonNull(availability);
        requireNonNull(unavailability);
        requireNonNull(storageOverhead);
    }
}
