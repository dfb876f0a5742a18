/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.Locale;
import java.util.Optional;

/**
 * How much a node may place in others beside what it does for them: its usefulness coefficient (the UDD design's
 * fair_coef_usf) is (given + Δds · special given) / (taken + Δus · special taken) — bytes it holds for others and
 * work it does repairing their data, over bytes others hold for it and repair work done for its data. Beyond an
 * allowance, a node places more only while its coefficient stays at the bound or above; holders refuse it otherwise.
 *
 * @param specialGivenWeight Δds, the weight of repair work a node does for others' data
 * @param specialTakenWeight Δus, the weight of repair work others do for its data
 * @param bound the coefficient below which a node places nothing beyond its allowance; 0 for no bound
 * @param allowanceBytes how many bytes a node may have placed in others whatever its coefficient; -1 for its own
 *     capacity, so that a node may always place as much as it lends
 */
public record FairnessSettings(double specialGivenWeight, double specialTakenWeight, double bound,
        long allowanceBytes) {
    /**
     * PSP's defaults: repair work weighs as much as storing, a bound of a quarter, and an allowance of the node's own
     * capacity. An access network where every node stores about what it holds for others has coefficients near 1,
     * and a node that placed less than it lends is never held back.
     */
    public static final FairnessSettings DEFAULTS = new FairnessSettings(1, 1, 0.25, -1);

    /**
     * Checks the settings.
     */
    public FairnessSettings {
        if (!(specialGivenWeight >= 0 && specialGivenWeight <= 1000)
                || !(specialTakenWeight >= 0 && specialTakenWeight <= 1000)) {
            throw new IllegalArgumentException("the weights of special traffic must be 0 to 1000, were "
                + specialGivenWeight + " and " + specialTakenWeight);
        }
        if (!(bound >= 0 && bound <= 1000)) {
            throw new IllegalArgumentException("the usefulness bound must be 0 to 1000, was " + bound);
        }
        if (allowanceBytes < -1) {
            throw new IllegalArgumentException("the allowance must be -1 (the node's capacity) or at least 0 bytes, "
                + "was " + allowanceBytes);
        }
    }

    /**
     * Returns the allowance for a node of some capacity.
     *
     * @param capacityBytes the node's capacity
     * @return the allowance in bytes
     */
    public long allowance(final long capacityBytes) {
        return allowanceBytes < 0 ? capacityBytes : allowanceBytes;
    }

    /**
     * Tells why a node with this account must not place more bytes.
     *
     * @param given its weighted bytes given
     * @param taken its weighted bytes taken
     * @param more the bytes it is about to place
     * @param allowance the allowance that applies
     * @return the reason, or empty if it may
     */
    public Optional<String> refusal(final long given, final long taken, final long more,
            final long allowance) {
        final long after = taken + more;
        if (bound == 0 || after <= allowance || given >= bound * after) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
            "usefulness %.3f below %.3f: %d bytes given, %d taken with the %d asked for, beyond the allowance of %d",
            (double) given / after, bound, given, after, more, allowance));
    }
}
