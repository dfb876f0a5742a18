/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.psp.kad.Contact;
import org.psp.kad.NodeId;

class StripeHoldersTest {
    private static final List<Contact> SEVEN = IntStream.range(0, 7).mapToObj(StripeHoldersTest::contact).toList();

    @Test
    void thirtyTwoChunksOnSevenNodesAreFourOrFiveOnEach() {
        final var holders = new StripeHolders();
        final var random = new Random(3);
        final Map<NodeId, Integer> held = new HashMap<>();
        int fresh = 0;
        for (int chunk = 0; chunk < 32; chunk++) {
            // Each chunk's candidates come closest to its own key first: any order.
            final var candidates = new ArrayList<>(SEVEN);
            Collections.shuffle(candidates, random);
            final var pick = holders.pick(candidates).orElseThrow();
            held.merge(pick.holder().id(), 1, Integer::sum);
            fresh += pick.fresh() ? 1 : 0;
        }
        assertEquals(7, fresh);
        assertEquals(List.of(4, 4, 4, 5, 5, 5, 5), held.values().stream().sorted().toList());
    }

    @Test
    void theClosestOfTheLeastLoadedIsPicked() {
        final var holders = new StripeHolders();
        assertEquals(SEVEN.get(2), holders.pick(List.of(SEVEN.get(2), SEVEN.get(1))).orElseThrow().holder());
        assertEquals(SEVEN.get(1), holders.pick(List.of(SEVEN.get(2), SEVEN.get(1))).orElseThrow().holder());
        final var shared = holders.pick(List.of(SEVEN.get(2), SEVEN.get(1))).orElseThrow();
        assertEquals(SEVEN.get(2), shared.holder());
        assertFalse(shared.fresh());
        assertTrue(holders.pick(List.of()).isEmpty());
    }

    @Test
    void aPreviousHolderKeepsItsChunkWithinItsFairShare() {
        final var holders = new StripeHolders();
        assertTrue(holders.keep(SEVEN.get(0), 1).orElseThrow().fresh());
        assertTrue(holders.keep(SEVEN.get(0), 1).isEmpty(), "as many nodes as chunks: one each");
        final var shared = holders.keep(SEVEN.get(0), 2).orElseThrow();
        assertFalse(shared.fresh());
        assertTrue(holders.keep(SEVEN.get(0), 2).isEmpty(), "its share of two is full");
        // Kept chunks count: the next pick prefers a node that holds none.
        assertEquals(SEVEN.get(1), holders.pick(List.of(SEVEN.get(0), SEVEN.get(1))).orElseThrow().holder());
    }

    @Test
    void theFairShareSpreadsAStripeEvenlyOverTheNodesThereAre() {
        assertEquals(1, StripeHolders.fairShare(32, 40));
        assertEquals(1, StripeHolders.fairShare(32, 32));
        assertEquals(5, StripeHolders.fairShare(32, 7));
        assertEquals(32, StripeHolders.fairShare(32, 1));
        assertEquals(32, StripeHolders.fairShare(32, 0), "alone: every chunk on the one node there may be");
    }

    private static Contact contact(final int index) {
        return new Contact(NodeId.ofAccessNode("an-" + index), new InetSocketAddress("127.0.0.1", 4000 + index),
            5000 + index);
    }
}
