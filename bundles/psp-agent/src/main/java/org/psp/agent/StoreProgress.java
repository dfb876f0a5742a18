/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.time.Instant;
import java.util.Optional;

/**
 * How an agent's storing of its changes is going.
 *
 * @param pendingSegments changed segments waiting to be stored
 * @param storingSegments segments of the round in flight, until its manifest is published
 * @param storedSegments segment generations stored since the start
 * @param consecutiveFailures store rounds in a row in which some segment failed; the next round waits longer
 * @param lastStored when a round last stored every segment it tried
 * @param nextAttempt when the next round may start, after failures
 * @param lastError why the last failed round failed, empty if the last round succeeded
 */
public record StoreProgress(int pendingSegments, int storingSegments, long storedSegments, int consecutiveFailures,
        Optional<Instant> lastStored, Optional<Instant> nextAttempt, String lastError) {
}
