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
import java.util.function.LongSupplier;

/**
 * A node's account of what it does for the others and what they do for it, in bytes, and the usefulness coefficient
 * that follows (see {@link FairnessSettings}). The counts only grow. Thread-safe: stores, repairs and the holder's
 * answers count from the threads they complete on; what it holds for others is the chunk store's count.
 */
final class Usefulness {
    private final FairnessSettings settings;
    private final long allowance;
    /** The allowance set for every placer, if the settings name one; else each placer's own. */
    private final long placersAllowance;
    private final LongSupplier given;
    private long specialGiven;
    private long taken;
    private long specialTaken;
    private long refusedPlacements;
    private long refusedOthers;

    /**
     * Creates an empty account.
     *
     * @param settings the weights, bound and allowance
     * @param capacityBytes the node's own capacity, the allowance unless the settings name one
     * @param given the bytes of other nodes' values this node accepted so far, never decreasing
     */
    Usefulness(final FairnessSettings settings, final long capacityBytes, final LongSupplier given) {
        this.settings = requireNonNull(settings);
        allowance = settings.allowance(capacityBytes);
        placersAllowance = settings.allowanceBytes() < 0 ? Long.MAX_VALUE : settings.allowanceBytes();
        this.given = requireNonNull(given);
    }

    /** Counts bytes this node read or wrote repairing another node's data. */
    synchronized void gaveSpecial(final long bytes) {
        specialGiven += bytes;
    }

    /** Counts bytes of this node's chunks another node accepted. */
    synchronized void took(final long bytes) {
        taken += bytes;
    }

    /** Counts bytes a coordinator wrote repairing this node's data. */
    synchronized void tookSpecial(final long bytes) {
        specialTaken += bytes;
    }

    /**
     * Returns the weighted bytes given: what a holder weighs this node's placements against.
     *
     * @return given + Δds · special given
     */
    synchronized long weightedGiven() {
        return given.getAsLong() + Math.round(settings.specialGivenWeight() * specialGiven);
    }

    /**
     * Returns the weighted bytes taken.
     *
     * @return taken + Δus · special taken
     */
    synchronized long weightedTaken() {
        return taken + Math.round(settings.specialTakenWeight() * specialTaken);
    }

    /**
     * Returns the bytes this node may place whatever its coefficient.
     *
     * @return its allowance
     */
    long allowance() {
        return allowance;
    }

    /**
     * Tells why this node must not place more bytes now, and counts the refusal.
     *
     * @param more the bytes it is about to place
     * @return the reason, or empty if it may
     */
    synchronized Optional<String> refusalToPlace(final long more) {
        final var refusal = settings.refusal(weightedGiven(), weightedTaken(), more, allowance);
        if (refusal.isPresent()) {
            refusedPlacements++;
        }
        return refusal;
    }

    /**
     * Tells why another node must not place more bytes here, by the account it sent, and counts the refusal.
     *
     * @param placerGiven its weighted bytes given
     * @param placerTaken its weighted bytes taken
     * @param placerAllowance the allowance it declares, its own capacity by default; at most the one these settings
     *     name
     * @param more the bytes it asks room for
     * @return the reason, or empty if it may
     */
    synchronized Optional<String> refusalFor(final long placerGiven, final long placerTaken,
            final long placerAllowance, final long more) {
        final var refusal = settings.refusal(placerGiven, placerTaken, more,
            Math.min(placerAllowance, placersAllowance));
        if (refusal.isPresent()) {
            refusedOthers++;
        }
        return refusal;
    }

    /**
     * Returns the account now.
     *
     * @return a snapshot
     */
    synchronized UsefulnessStatus status() {
        final long weightedTaken = weightedTaken();
        return new UsefulnessStatus(weightedTaken == 0 ? Optional.empty()
            : Optional.of((double) weightedGiven() / weightedTaken), given.getAsLong(), specialGiven, taken,
            specialTaken, refusedPlacements, refusedOthers);
    }
}
