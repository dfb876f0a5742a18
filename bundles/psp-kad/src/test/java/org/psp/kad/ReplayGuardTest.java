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

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The replay guard against a plain model of what it must remember and forget. */
class ReplayGuardTest {
    private static final long WINDOW = 30_000;
    private final long[] now = {1_000_000};
    private final ReplayGuard guard = new ReplayGuard(WINDOW, () -> now[0]);

    private static KadMessage message(final long requestId, final int sender, final long timestamp,
            final KadMessage.Body body) {
        return new KadMessage(requestId, NodeId.ofAccessNode("an-" + sender), 5000, timestamp, body);
    }

    @Test
    void aMessageIsAcceptedOnceAndItsTwinsAreNot() {
        assertTrue(guard.accept(message(7, 1, now[0], new KadMessage.Ping())));
        assertFalse(guard.accept(message(7, 1, now[0], new KadMessage.Ping())), "the same message again");
        assertTrue(guard.accept(message(7, 1, now[0], new KadMessage.Pong())), "another type");
        assertTrue(guard.accept(message(8, 1, now[0], new KadMessage.Ping())), "another request");
        assertTrue(guard.accept(message(7, 2, now[0], new KadMessage.Ping())), "another sender");
    }

    @Test
    void aMessageOutsideTheWindowIsRefused() {
        assertFalse(guard.accept(message(1, 1, now[0] - WINDOW - 1, new KadMessage.Ping())));
        assertFalse(guard.accept(message(2, 1, now[0] + WINDOW + 1, new KadMessage.Ping())));
        assertTrue(guard.accept(message(3, 1, now[0] - WINDOW, new KadMessage.Ping())));
    }

    @Test
    void itRemembersWhatAModelRemembersThroughGrowthAndShrinking() {
        final var random = new Random(3);
        final var model = new HashSet<Long>();
        final var arrivals = new ArrayDeque<long[]>();
        for (int step = 0; step < 200_000; step++) {
            // Bursts and lulls, so that the guard grows and shrinks.
            now[0] += (step / 20_000) % 2 == 0 ? random.nextInt(3) : random.nextInt(200);
            while (!arrivals.isEmpty() && now[0] - arrivals.peek()[1] > 2 * WINDOW) {
                model.remove(arrivals.poll()[0]);
            }
            // Now and then a message seen before: a replay, unless it was forgotten.
            final long requestId = random.nextInt(10) == 0 && !arrivals.isEmpty()
                ? arrivals.peekLast()[0] - random.nextInt(Math.min(arrivals.size(), 50)) : step + 1_000_000L;
            final boolean fresh = !model.contains(requestId);
            assertEquals(fresh, guard.accept(message(requestId, 1, now[0], new KadMessage.Ping())),
                "message " + requestId + " at step " + step);
            if (fresh) {
                model.add(requestId);
                arrivals.add(new long[] {requestId, now[0]});
            }
        }
        assertEquals(model.size(), guard.remembered());
    }
}
