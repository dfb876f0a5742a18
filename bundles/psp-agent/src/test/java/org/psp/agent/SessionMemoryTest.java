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

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionMemoryTest {
    @Test
    void aChangeMarksExactlyItsSegment() throws Exception {
        final var memory = new SessionMemory(64);
        final var random = new Random(9);
        final var sessions = new ArrayList<Session>();
        for (int i = 0; i < 500; i++) {
            final var session = SampleSessions.session(random, i, Instant.now());
            sessions.add(session);
            memory.apply(new SessionEvent.Granted(session));
        }
        assertEquals(500, memory.size());
        memory.takeDirty();

        final var renewed = sessions.get(17);
        final var segment = memory.apply(new SessionEvent.Renewed(renewed.key(),
            renewed.leaseExpiry().plusSeconds(3600)));
        assertEquals(Optional.of(renewed.key().segment(64)), segment);
        final var expected = new BitSet();
        expected.set(segment.orElseThrow());
        assertEquals(expected, memory.takeDirty());
        assertTrue(memory.takeDirty().isEmpty());

        // Nothing changes, nothing is marked.
        assertEquals(Optional.empty(), memory.apply(new SessionEvent.Granted(sessions.get(3))));
        assertEquals(Optional.empty(), memory.apply(new SessionEvent.Released(new SessionKey("9/9/9",
            MacAddress.parse("00:00:00:00:00:01")))));
        assertEquals(Optional.of(sessions.get(5).key().segment(64)),
            memory.apply(new SessionEvent.Released(sessions.get(5).key())));
        assertEquals(499, memory.size());
    }

    @Test
    void restoreReplacesOneSegmentAndForgettingTakesAllOnceStored() throws Exception {
        final var memory = new SessionMemory(4);
        final var random = new Random(10);
        for (int i = 0; i < 100; i++) {
            memory.apply(new SessionEvent.Granted(SampleSessions.session(random, i, Instant.now())));
        }
        final var segmentTwo = memory.segment(2);
        assertEquals(OptionalInt.empty(), memory.forgetIfStored(), "changes not stored yet");
        assertEquals(100, memory.size());
        memory.takeDirty();
        assertEquals(OptionalInt.of(100), memory.forgetIfStored());
        assertEquals(0, memory.size());
        memory.restore(2, segmentTwo);
        assertEquals(segmentTwo.size(), memory.size());
        assertTrue(memory.takeDirty().isEmpty());
        assertEquals(new HashSet<>(segmentTwo), new HashSet<>(memory.all()));
    }
}
