/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.time.Instant;
import java.util.BitSet;

/**
 * Hears what happens to an agent, for notifications and logs. Called on the agent's threads: do not block.
 */
public interface AgentListener {
    /**
     * The agent's status changed.
     *
     * @param anId the access node
     * @param status the new status
     */
    default void statusChanged(final String anId, final AgentStatus status) {
        // nothing by default
    }

    /**
     * A recovery ended, whatever its outcome.
     *
     * @param anId the access node
     * @param report what came back
     */
    default void recovered(final String anId, final RecoveryReport report) {
        // nothing by default
    }

    /**
     * A store round could not store some segments; they are retried later.
     *
     * @param anId the access node
     * @param segments how many segments failed
     * @param reason why the first of them failed
     */
    default void storeFailed(final String anId, final int segments, final String reason) {
        // nothing by default
    }

    /**
     * A store round stored segments in the overlay and published them in the node's manifest.
     *
     * @param anId the access node
     * @param segments the segments stored
     * @param takenAt a moment before the round took the segments' sessions from memory: every change applied
     *     before it is in the overlay now
     */
    default void stored(final String anId, final BitSet segments, final Instant takenAt) {
        // nothing by default
    }

    /**
     * This node, as the coordinator of an owner's data, re-created lost chunks of a stripe and placed them on new
     * holders.
     *
     * @param anId this access node, the coordinator
     * @param owner the access node whose data it is
     * @param segment the segment
     * @param chunks how many chunks were placed
     */
    default void repaired(final String anId, final String owner, final int segment, final int chunks) {
        // nothing by default
    }

    /**
     * A stripe this node coordinates has only m live chunks left: one more loss and it cannot be read until a holder
     * returns.
     *
     * @param anId this access node, the coordinator
     * @param owner the access node whose data it is
     * @param segment the segment
     * @param live its live chunks
     * @param needed m
     */
    default void dataAtRisk(final String anId, final String owner, final int segment, final int live,
            final int needed) {
        // nothing by default
    }
}
