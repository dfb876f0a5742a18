/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KadMaintenanceTest {
    @Test
    void aNodeThatGoesIsDroppedAtTheOthersNextRequest() throws Exception {
        try (var network = new KadTestNetwork().grow(4)) {
            final var config = KadTestNetwork.config("an-going", KadTestNetwork.OVERLAY_KEY)
                .withMaintenanceInterval(Duration.ofMillis(100));
            final var node = KadNode.start(config, network.group, new MemoryValueStore(1 << 20));
            node.join(List.of(network.nodes.get(0).contact().address())).get(10, TimeUnit.SECONDS);
            final var asker = network.nodes.get(1);
            assertTrue(asker.lookup(node.id()).get(10, TimeUnit.SECONDS).closest().stream()
                .anyMatch(contact -> contact.id().equals(node.id())), "known while it runs");

            // Kademlia has no leave message: the first request to it finds it gone, the next lookup leaves it out.
            node.close();
            asker.lookup(node.id()).get(10, TimeUnit.SECONDS);
            final var result = asker.lookup(node.id()).get(10, TimeUnit.SECONDS);
            assertFalse(result.closest().stream().anyMatch(contact -> contact.id().equals(node.id())));
            assertEquals(3, result.closest().size());
        }
    }
}
