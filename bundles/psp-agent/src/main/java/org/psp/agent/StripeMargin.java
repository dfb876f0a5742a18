/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

/**
 * How many chunks of a stripe a coordinator knows to be alive, against the m it needs.
 *
 * @param owner the access node whose stripe it is
 * @param segment which of its segments
 * @param generation the segment's generation
 * @param live chunks whose holders reported them within two heartbeat intervals
 * @param needed m
 * @param total m + k
 */
public record StripeMargin(String owner, int segment, long generation, int live, int needed, int total) {
    /**
     * Returns how many more chunks the stripe can lose and still be read.
     *
     * @return live - m, negative if it cannot be read now
     */
    public int margin() {
        return live - needed;
    }
}
