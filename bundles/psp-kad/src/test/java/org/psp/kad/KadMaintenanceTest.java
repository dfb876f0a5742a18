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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KadMaintenanceTest {
    @Test
    void republishHooksRunPeriodicallyAndOnceMoreOnLeave() throws Exception {
        try (var network = new KadTestNetwork().grow(4)) {
            final var config = KadTestNetwork.config("an-maintained", KadTestNetwork.OVERLAY_KEY)
                .withMaintenanceInterval(Duration.ofMillis(100));
            final var node = KadNode.start(config, network.group, new MemoryValueStore(1 << 20));
            node.join(List.of(network.nodes.get(0).contact().address())).get(10, TimeUnit.SECONDS);
            final var rounds = new AtomicInteger();
            node.onRepublish(rounds::incrementAndGet);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (rounds.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(rounds.get() >= 3, "maintenance ran " + rounds.get() + " times");

            final int before = rounds.get();
            node.leave();
            assertTrue(rounds.get() > before, "leave did not republish");
            // Gone: the others drop it at their next request.
            final var asker = network.nodes.get(1);
            asker.lookup(node.id()).get(10, TimeUnit.SECONDS);
            final var result = asker.lookup(node.id()).get(10, TimeUnit.SECONDS);
            assertFalse(result.closest().stream().anyMatch(contact -> contact.id().equals(node.id())));
            assertEquals(3, result.closest().size());
        }
    }
}
