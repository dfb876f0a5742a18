/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a recovery: what came back, what could not, and how long it took.
 *
 * @param sessions sessions restored
 * @param segments segments restored
 * @param unrecoverable segment number to why it could not be restored (for example
 *     {@code unrecoverable: found 12 of 16 needed})
 * @param duration how long the recovery took
 */
public record RecoveryReport(int sessions, int segments, Map<Integer, String> unrecoverable, Duration duration) {
    /**
     * Copies the map.
     */
    public RecoveryReport {
        unrecoverable = Map.copyOf(unrecoverable);
    }

    /**
     * Tells whether every segment came back.
     *
     * @return true if nothing was lost
     */
    public boolean complete() {
        return unrecoverable.isEmpty();
    }
}
