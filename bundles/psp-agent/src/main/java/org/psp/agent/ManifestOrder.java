/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.Optional;
import org.psp.kad.NodeId;
import org.psp.store.ReplacementRule;

/**
 * Keeps a replica of a holder list from going back in generation: an owner and the coordinators of its data may
 * publish it around the same time, and a write that read the overlay before the other's landed must not put the
 * older list back. Other values are replaced as before.
 */
final class ManifestOrder implements ReplacementRule {
    /** How a refusal starts, so that a publisher can tell that the overlay holds a newer generation. */
    static final String OLDER = "an older manifest does not replace a newer one";

    @Override
    public Optional<String> refusal(final NodeId key, final byte[] held, final byte[] incoming) {
        final var heldHead = Manifest.head(held).filter(head -> AccessNodeAgent.manifestKey(head.anId()).equals(key));
        if (heldHead.isEmpty()) {
            return Optional.empty();
        }
        final long heldGeneration = heldHead.orElseThrow().generation();
        return Manifest.head(incoming)
            .filter(head -> head.anId().equals(heldHead.orElseThrow().anId()) && head.generation() < heldGeneration)
            .map(head -> OLDER + ": generation " + head.generation() + ", held " + heldGeneration);
    }
}
