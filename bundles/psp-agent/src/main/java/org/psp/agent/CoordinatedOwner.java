/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

/**
 * How an owner's data stands at the node that coordinates it.
 *
 * @param owner the access node whose data it is
 * @param stripes its stripes, one per stored segment
 * @param wholeStripes the stripes with all their chunks live
 * @param fewestLive the live chunks of the stripe that has fewest
 * @param reportingHolders the holders that reported within an interval and a half
 * @param counted whether the holders have had the time to report since this node took the role; until then every
 *     chunk counts as live
 */
public record CoordinatedOwner(String owner, int stripes, int wholeStripes, int fewestLive, int reportingHolders,
        boolean counted) {
    /**
     * Checks the components.
     */
    public CoordinatedOwner {
        requireNonNull(owner);
    }
}
