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
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of reading a node's data back from the overlay: what came back, what could not, and how long it took.
 *
 * @param outcome the verdict
 * @param sessions sessions read
 * @param segments segments read
 * @param unrecoverable segment number to why it could not be read (for example
 *     {@code segment 5: unrecoverable: found 12 of 16 needed})
 * @param finished when it ended
 * @param duration how long it took
 */
public record RecoveryReport(Outcome outcome, int sessions, int segments, Map<Integer, String> unrecoverable,
        Instant finished, Duration duration) {
    /** The verdict of a recovery. */
    public enum Outcome {
        /** Every segment in the manifest came back. */
        COMPLETE,
        /** Some segments could not be read; they are named. */
        PARTIAL,
        /** The overlay holds no manifest for the node: it has never stored, or its copy was deleted. */
        NOTHING_STORED,
        /** A manifest was found but could not be read. */
        MANIFEST_UNREADABLE
    }

    /**
     * Checks and copies the components.
     */
    public RecoveryReport {
        requireNonNull(outcome);
        requireNonNull(finished);
        requireNonNull(duration);
        final var bySegment = new TreeMap<Integer, String>(unrecoverable);
        bySegment.values().forEach(Objects::requireNonNull);
        // In segment order, so that a report reads the same in every run.
        unrecoverable = Collections.unmodifiableSortedMap(bySegment);
    }

    /**
     * Tells whether every segment came back.
     *
     * @return true if the outcome is {@link Outcome#COMPLETE}
     */
    public boolean complete() {
        return outcome == Outcome.COMPLETE;
    }
}
