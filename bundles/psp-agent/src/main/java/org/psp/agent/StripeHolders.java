/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.psp.kad.Contact;
import org.psp.kad.NodeId;

/**
 * The nodes chosen so far to hold the chunks of one stripe, with how many each. Each chunk goes to a node that holds
 * none of the stripe while there is one; with fewer nodes than chunks, to the one that holds fewest, so that a
 * stripe is spread as evenly as the nodes allow and a node that goes down takes as few of its chunks as it can (the
 * spread that the availability plan assumes). Thread-safe: placements answer on the overlay's threads.
 */
final class StripeHolders {
    private final Map<NodeId, Integer> chunks = new HashMap<>();

    /** A node chosen to hold a chunk; fresh if it held no other chunk of the stripe. */
    record Pick(Contact holder, boolean fresh) {
    }

    /**
     * Returns the most chunks of a stripe one node should hold: one while there are as many nodes as chunks, else
     * the chunks spread evenly over the nodes.
     *
     * @param chunks the stripe's chunks, m + k
     * @param nodes the other members the owner knows
     * @return the fair share, at least 1
     */
    static int fairShare(final int chunks, final int nodes) {
        final int over = Math.max(1, Math.min(chunks, nodes));
        return (chunks + over - 1) / over;
    }

    /**
     * Claims a chunk on the node that held it in the previous generation, if it holds fewer than its fair share of
     * this stripe yet: a stripe stored while the owner knew few nodes spreads out as it is stored again.
     *
     * @param holder the previous holder
     * @param fairShare the most chunks of the stripe one node should hold
     * @return the pick, or empty to choose another node
     */
    synchronized Optional<Pick> keep(final Contact holder, final int fairShare) {
        final int held = chunks.getOrDefault(holder.id(), 0);
        if (held >= fairShare) {
            return Optional.empty();
        }
        chunks.merge(holder.id(), 1, Integer::sum);
        return Optional.of(new Pick(holder, held == 0));
    }

    /**
     * Claims a chunk on the candidate that holds fewest of the stripe, the first of them among equals.
     *
     * @param candidates the candidates, closest to the chunk's key first
     * @return the pick, or empty if there is no candidate
     */
    synchronized Optional<Pick> pick(final Collection<Contact> candidates) {
        Contact least = null;
        int leastChunks = Integer.MAX_VALUE;
        for (var candidate : candidates) {
            final int held = chunks.getOrDefault(candidate.id(), 0);
            if (held < leastChunks) {
                least = candidate;
                leastChunks = held;
            }
        }
        if (least == null) {
            return Optional.empty();
        }
        chunks.merge(least.id(), 1, Integer::sum);
        return Optional.of(new Pick(least, leastChunks == 0));
    }
}
