/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.Optional;

/**
 * Decides, before the store is asked for room, whether a member may place a value here at all: by the account of
 * give and take it sent with its RESERVE.
 */
@FunctionalInterface
public interface ReservationGuard {
    /** Every member may ask for room. */
    ReservationGuard NONE = (placer, request) -> Optional.empty();

    /**
     * Tells why a member must not place this value here.
     *
     * @param placer the member, authenticated by the overlay key
     * @param request its request, with its account
     * @return the reason, or empty if the store may be asked for room
     */
    Optional<String> refusal(NodeId placer, KadMessage.Reserve request);
}
