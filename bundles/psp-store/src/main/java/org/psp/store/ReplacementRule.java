/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.store;

import java.util.Optional;
import org.psp.kad.NodeId;

/**
 * Decides whether a stored value may replace the visible value held under the same key: for values that carry a
 * version of their own, so that a late or stale write never puts an older version back.
 */
@FunctionalInterface
public interface ReplacementRule {
    /** Any value replaces any other. */
    ReplacementRule ANY = (key, held, incoming) -> Optional.empty();

    /**
     * Tells why a value must not replace the one held.
     *
     * @param key the key
     * @param held the bytes held, not to be kept or changed
     * @param incoming the bytes offered, not to be kept or changed
     * @return the reason, or empty if it may replace it
     */
    Optional<String> refusal(NodeId key, byte[] held, byte[] incoming);
}
