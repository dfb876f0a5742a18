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

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;

/**
 * A test bed of 20 agents on 127.0.0.1: an access node stores its sessions, crashes with some holders, and gets them
 * back on its own when it starts again.
 */
class AgentRecoveryTest {
    private static final CodingParameters CODING = new CodingParameters(8, 4);
    private static final int SEGMENTS = 64;

    private TestBed bed;

    @BeforeEach
    void startTestBed() throws Exception {
        bed = new TestBed(CODING, SEGMENTS).startAll(20);
    }

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    @Test
    void anOwnerThatCrashesWithKHoldersGetsExactlyItsSessionsBack() throws Exception {
        final var owner = bed.agents.get(0);
        final var sessions = bed.fill(owner, 10_000);
        assertEquals(SEGMENTS, owner.versions().size());
        assertEquals(0, owner.progress().pendingSegments());

        final var others = new ArrayList<>(bed.agents.subList(1, bed.agents.size()));
        Collections.shuffle(others, new Random(5));
        others.subList(0, CODING.codingChunks()).forEach(bed::kill);
        bed.kill(owner);

        // While the owner is down, any member reads its data.
        final var fromOther = bed.agents.get(0).lookupOf("an-0").get(60, TimeUnit.SECONDS);
        assertTrue(fromOther.report().complete(), fromOther.report().toString());
        assertEquals(new HashSet<>(sessions), new HashSet<>(fromOther.sessions()));

        final var restarted = bed.start("an-0");
        assertEquals(AgentStatus.UP, restarted.status());
        final var report = restarted.lastRecovery().orElseThrow();
        assertTrue(report.complete(), report.toString());
        assertEquals(SEGMENTS, report.segments());
        assertEquals(new HashSet<>(sessions), new HashSet<>(restarted.memory().all()));
    }

    @Test
    void theManifestNamesOneDistinctLiveHolderPerChunk() throws Exception {
        final var owner = bed.agents.get(0);
        bed.fill(owner, 2_000);
        for (var entry : owner.versions().entrySet()) {
            final var version = entry.getValue();
            assertEquals(CODING.totalChunks(), new HashSet<>(version.holders()).size(), "distinct holders");
            for (int index = 0; index < CODING.totalChunks(); index++) {
                final var holder = bed.holderOf("an-0", entry.getKey(), version.generation(), index).orElseThrow();
                assertEquals(holder.node().id(), version.holders().get(index));
            }
        }
    }

    @Test
    void aCrashInTheMiddleOfAnUpdateRecoversOneConsistentVersion() throws Exception {
        final var owner = bed.agents.get(0);
        final var before = new HashSet<>(bed.fill(owner, 500));
        renewAll(owner);
        // Crash after the new generation is stored, before it is published: the old version comes back.
        owner.storeNewGenerations(owner.memory().takeDirty()).get(60, TimeUnit.SECONDS);
        bed.kill(owner);
        final var second = bed.start("an-0");
        assertTrue(second.lastRecovery().orElseThrow().complete());
        assertEquals(before, new HashSet<>(second.memory().all()));

        // Crash after publishing, before the old generation is deleted: the new version comes back.
        renewAll(second);
        final var renewedAgain = new HashSet<>(second.memory().all());
        second.publish(second.storeNewGenerations(second.memory().takeDirty()).get(60, TimeUnit.SECONDS).stored())
            .get(60, TimeUnit.SECONDS);
        bed.kill(second);
        final var third = bed.start("an-0");
        assertTrue(third.lastRecovery().orElseThrow().complete());
        assertEquals(renewedAgain, new HashSet<>(third.memory().all()));
    }

    @Test
    void anOlderManifestLeftOnSomeNodesDoesNotHideTheNewest() throws Exception {
        final var owner = bed.agents.get(0);
        // Every holder but one missed the newer publish.
        final var renewed = renewWithAnOlderManifestOn(owner, holders -> holders.subList(1, holders.size()));

        assertRecoversExactly(owner, renewed.sessions());
    }

    @Test
    void aLiveOwnerReadsByItsOwnManifestWhenEveryHolderMissedTheNewestAndRepairsThem() throws Exception {
        final var owner = bed.agents.get(0);
        final var renewed = renewWithAnOlderManifestOn(owner, holders -> holders);

        assertRecoversExactly(owner, renewed.sessions());
        final long newest = owner.manifestGeneration();
        final var key = AccessNodeAgent.manifestKey("an-0");
        TestBed.waitFor(() -> renewed.manifestHolders().stream().allMatch(holder -> generationOf(holder.chunkStore()
            .get(key).orElseThrow()) == newest));
    }

    /** The owner's sessions after they were renewed, and the nodes that held its first manifest. */
    private record Renewed(Set<Session> sessions, List<AccessNodeAgent> manifestHolders) {
    }

    /**
     * Stores the owner's sessions, renews them all and stores them again, then puts the first manifest back on
     * the chosen holders, as if they had missed the second publish.
     *
     * @return the renewed sessions and the holders of the first manifest
     */
    private Renewed renewWithAnOlderManifestOn(final AccessNodeAgent owner,
            final UnaryOperator<List<AccessNodeAgent>> stale) throws Exception {
        bed.fill(owner, 500);
        final var key = AccessNodeAgent.manifestKey("an-0");
        final var holders = bed.agents.stream().filter(agent -> agent.chunkStore().get(key).isPresent()).toList();
        final var older = holders.get(0).chunkStore().get(key).orElseThrow();
        renewAll(owner);
        owner.storeChanges().get(60, TimeUnit.SECONDS);
        stale.apply(holders).forEach(holder -> {
            // A replica refuses an older list over a newer one: this holder lost the newer one first.
            assertFalse(holder.chunkStore().put(key, older).accepted());
            holder.chunkStore().delete(key);
            assertTrue(holder.chunkStore().put(key, older).accepted());
        });
        return new Renewed(new HashSet<>(owner.memory().all()), holders);
    }

    private static void assertRecoversExactly(final AccessNodeAgent owner, final Set<Session> sessions)
            throws Exception {
        owner.deleteMemory().get(30, TimeUnit.SECONDS);
        final var report = owner.recover().get(60, TimeUnit.SECONDS);
        assertTrue(report.complete(), report.toString());
        assertEquals(sessions, new HashSet<>(owner.memory().all()));
    }

    @Test
    void aCorruptChunkIsDetectedAndNotUsed() throws Exception {
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 500));
        final var version = owner.versions().get(3);
        for (int index = 0; index < 2; index++) {
            final var key = AccessNodeAgent.chunkKey("an-0", 3, version.generation(), index);
            final var holder = bed.holderOf("an-0", 3, version.generation(), index).orElseThrow();
            final var corrupt = holder.chunkStore().get(key).orElseThrow();
            corrupt[corrupt.length / 2] ^= 0x40;
            holder.chunkStore().put(key, corrupt);
        }
        assertRecoversExactly(owner, sessions);
    }

    private static long generationOf(final byte[] manifest) {
        try {
            return Manifest.fromBytes(manifest).generation();
        } catch (SessionFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static void renewAll(final AccessNodeAgent owner) {
        for (var session : owner.memory().all()) {
            owner.memory().apply(new SessionEvent.Renewed(session.key(), session.leaseExpiry().plusSeconds(600)));
        }
    }

    @Test
    void losingMoreThanKChunksOfASegmentIsReportedWithCounts() throws Exception {
        final var owner = bed.agents.get(0);
        bed.fill(owner, 2_000);
        final var version = owner.versions().get(5);
        final var holders = new ArrayList<AccessNodeAgent>();
        for (int index = 0; index <= CODING.codingChunks(); index++) {
            holders.add(bed.holderOf("an-0", 5, version.generation(), index).orElseThrow());
        }
        holders.forEach(bed::kill);

        owner.deleteMemory().get(30, TimeUnit.SECONDS);
        final var report = owner.recover().get(60, TimeUnit.SECONDS);
        assertEquals(RecoveryReport.Outcome.PARTIAL, report.outcome());
        assertEquals("segment 5: unrecoverable: found 7 of 8 needed", report.unrecoverable().get(5));
        assertTrue(report.segments() >= SEGMENTS - report.unrecoverable().size());
        assertTrue(report.sessions() > 0);
    }
}
