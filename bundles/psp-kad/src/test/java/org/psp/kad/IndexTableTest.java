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

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexTableTest {
    private static final NodeId KEY = NodeId.keyOf("index", "ipv4 192.0.2.77");
    private static final long HOUR = 3_600_000;

    private static IndexRecord record(final String session, final long version, final long from, final long until) {
        return new IndexRecord(NodeId.keyOf("an-1", session), version, from, until, session.getBytes());
    }

    @Test
    void aNewerVersionReplacesAndAnOlderOneIsIgnored() {
        final var table = new IndexTable(10);
        assertTrue(table.put(KEY, record("s1", 2, 0, 10 * HOUR), 0, HOUR).accepted());
        assertTrue(table.put(KEY, record("s1", 1, 0, 20 * HOUR), 0, HOUR).accepted());
        assertEquals(List.of(record("s1", 2, 0, 10 * HOUR)), table.find(KEY, HOUR, HOUR / 2, 1024));
        assertTrue(table.put(KEY, record("s1", 3, 0, 2 * HOUR), 0, HOUR).accepted());
        assertEquals(List.of(record("s1", 3, 0, 2 * HOUR)), table.find(KEY, HOUR, HOUR / 2, 1024));
        assertEquals(1, table.size());
    }

    @Test
    void recordsThatBeganLaterAreNotReturnedAndTheLatestBeginningComesFirst() {
        final var table = new IndexTable(10);
        table.put(KEY, record("s1", 1, 0, HOUR), 0, 10 * HOUR);
        table.put(KEY, record("s2", 1, HOUR, 3 * HOUR), 0, 10 * HOUR);
        table.put(KEY, record("s3", 1, 3 * HOUR, 4 * HOUR), 0, 10 * HOUR);
        assertEquals(List.of(record("s2", 1, HOUR, 3 * HOUR), record("s1", 1, 0, HOUR)),
            table.find(KEY, 2 * HOUR, 0, 1024));
        // As many as the budget takes.
        assertEquals(List.of(record("s2", 1, HOUR, 3 * HOUR)),
            table.find(KEY, 2 * HOUR, 0, record("s2", 1, HOUR, 3 * HOUR).encodedLength()));
        assertEquals(List.of(), table.find(NodeId.keyOf("index", "other"), 2 * HOUR, 0, 1024));
    }

    @Test
    void recordsGoWhenTheirStoringTimeRunsOutUnlessPublishedAgain() {
        final var table = new IndexTable(10);
        table.put(KEY, record("s1", 1, 0, 10 * HOUR), 0, HOUR);
        table.put(KEY, record("s2", 1, 0, 10 * HOUR), 0, HOUR);
        table.put(KEY, record("s2", 2, 0, 10 * HOUR), HOUR / 2, HOUR);
        assertEquals(List.of(record("s2", 2, 0, 10 * HOUR)), table.find(KEY, HOUR, HOUR, 1024));
        assertEquals(1, table.purge(HOUR));
        assertEquals(1, table.size());
        assertEquals(1, table.purge(2 * HOUR));
        assertEquals(0, table.size());
    }

    @Test
    void aFullTableRefusesNewRecordsWithItsReasonAndStillTakesNewVersions() {
        final var table = new IndexTable(2);
        table.put(KEY, record("s1", 1, 0, HOUR), 0, HOUR);
        table.put(KEY, record("s2", 1, 0, HOUR), 0, HOUR);
        final var refused = table.put(KEY, record("s3", 1, 0, HOUR), 0, HOUR);
        assertFalse(refused.accepted());
        assertEquals("index full: 2 of 2 records held", refused.reason());
        assertTrue(table.put(KEY, record("s2", 2, 0, HOUR), 0, HOUR).accepted());
        assertFalse(new IndexTable(0).put(KEY, record("s1", 1, 0, HOUR), 0, HOUR).accepted());
    }

    @Test
    void oneKeyHoldsABoundedNumberOfRecords() {
        final var table = new IndexTable(1000);
        for (int i = 0; i < IndexTable.MAX_RECORDS_PER_KEY; i++) {
            assertTrue(table.put(KEY, record("s" + i, 1, 0, HOUR), 0, HOUR).accepted());
        }
        final var refused = table.put(KEY, record("one too many", 1, 0, HOUR), 0, HOUR);
        assertEquals("index key full: 64 records held under it", refused.reason());
        assertTrue(table.put(NodeId.keyOf("index", "other"), record("s", 1, 0, HOUR), 0, HOUR).accepted());
    }
}
