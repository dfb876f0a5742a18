/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.store;

/**
 * What a chunk store promised to placements.
 *
 * @param held reservations held now
 * @param heldBytes the room they hold
 * @param granted reservations granted so far
 * @param used reservations a store used
 * @param lapsed reservations whose hold ended unused
 * @param refused reservations refused: no room, or an impossible size
 */
public record ReservationCounters(long held, long heldBytes, long granted, long used, long lapsed, long refused) {
}
