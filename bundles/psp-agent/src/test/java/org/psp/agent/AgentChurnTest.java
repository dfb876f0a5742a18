/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;

/**
 * A regional power cut: a third of an access network of 40 agents on 127.0.0.1 fails at once, an owner among them,
 * and the owner starts again right away, before the survivors have noticed anything.
 */
class AgentChurnTest {
    private static final CodingParameters CODING = new CodingParameters(8, 8);
    private static final int SEGMENTS = 16;
    private static final int NODES = 40;

    @Test
    void anOwnerThatFailsWithAThirdOfTheNetworkGetsAllItsSessionsBackAtOnce() throws Exception {
        try (var bed = new TestBed(CODING, SEGMENTS).startAll(NODES)) {
            final var owner = bed.agents.get(0);
            final var sessions = bed.fill(owner, 5_000);
            final var victims = victimsSparing(owner, new ArrayList<>(bed.agents.subList(1, NODES)), NODES / 3);

            victims.forEach(bed::kill);
            bed.kill(owner);
            // A survivor reads the owner's data while the owner is down (FIND_VALUE through the dead).
            final var fromSurvivor = bed.agents.get(0).lookupOf("an-0").get(60, TimeUnit.SECONDS);
            assertTrue(fromSurvivor.report().complete(), fromSurvivor.report().toString());
            assertEquals(new HashSet<>(sessions), new HashSet<>(fromSurvivor.sessions()));

            final var restarted = bed.start("an-0");
            assertEquals(AgentStatus.UP, restarted.status());
            final var report = restarted.lastRecovery().orElseThrow();
            assertTrue(report.complete(), report.toString());
            assertEquals(SEGMENTS, report.segments());
            assertEquals(new HashSet<>(sessions), new HashSet<>(restarted.memory().all()));
        }
    }

    /**
     * Picks {@code count} of the candidates at random such that no stripe of the owner loses more than k holders:
     * the most a code with k coding chunks can be asked to survive.
     */
    private static List<AccessNodeAgent> victimsSparing(final AccessNodeAgent owner,
            final List<AccessNodeAgent> candidates, final int count) {
        Collections.shuffle(candidates, new Random(11));
        final Map<Integer, Integer> lostPerStripe = new HashMap<>();
        final var victims = new ArrayList<AccessNodeAgent>();
        for (var candidate : candidates) {
            if (victims.size() == count) {
                break;
            }
            final NodeId id = candidate.node().id();
            final var held = owner.versions().entrySet().stream()
                .filter(entry -> entry.getValue().holders().contains(id)).map(Map.Entry::getKey).toList();
            if (held.stream().allMatch(segment -> lostPerStripe.getOrDefault(segment, 0) < CODING.codingChunks())) {
                held.forEach(segment -> lostPerStripe.merge(segment, 1, Integer::sum));
                victims.add(candidate);
            }
        }
        assertEquals(count, victims.size(), "victims found");
        return victims;
    }
}
