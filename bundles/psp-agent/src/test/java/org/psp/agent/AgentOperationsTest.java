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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.ChunkCodec;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ReedSolomon;
import org.psp.erasure.StripeCodec;

/**
 * The administrative operations and the periodic work of an agent, on test beds of 12 agents on 127.0.0.1.
 */
class AgentOperationsTest {
    private static final CodingParameters CODING = new CodingParameters(4, 2);
    private static final int SEGMENTS = 8;
    /** For nodes that lend nothing and still store: beyond the default usefulness bound. */
    private static final FairnessSettings NO_BOUND = new FairnessSettings(1, 1, 0, -1);

    private final TestBed bed = new TestBed(CODING, SEGMENTS);

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    @Test
    void anAgentStoppedWhileItRecoversStaysStopped() throws Exception {
        bed.startAll(8);
        bed.fill(bed.agents.get(0), 100);
        bed.kill(bed.agents.get(0));
        final var bootstrap = List.of(bed.agents.get(0).node().contact().address());
        final var again = bed.unstarted("an-0");
        // Stopped at the moment its recovery begins: the recovery ends on a closed node.
        again.addListener(new AgentListener() {
            @Override
            public void statusChanged(final String anId, final AgentStatus status) {
                if (status == AgentStatus.RECOVERING) {
                    again.close();
                }
            }
        });
        final var started = again.start(bootstrap);
        try {
            started.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Stopped while starting: that is how it may end.
        }
        assertEquals(AgentStatus.STOPPED, again.status());
        assertEquals(0, again.periodicTasks(), "periodic tasks of a stopped agent");
    }

    @Test
    void segmentsAreCodedAndDecodedOnTheCodingWorkers() throws Exception {
        bed.startAll(7);
        final var handedOver = new AtomicInteger();
        final var workers = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("coder").daemon().factory());
        try {
            final var owner = bed.unstarted("an-coded", task -> {
                handedOver.incrementAndGet();
                workers.execute(task);
            });
            owner.start(List.of(bed.agents.get(0).node().contact().address())).get(60, TimeUnit.SECONDS);
            final var sessions = new HashSet<>(bed.fill(owner, 200));
            assertEquals(SEGMENTS, handedOver.get(), "every segment encoded on the workers");
            final var read = owner.lookup(false).get(60, TimeUnit.SECONDS);
            assertEquals(sessions, new HashSet<>(read.sessions()));
            assertEquals(2 * SEGMENTS, handedOver.get(), "and decoded there");
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void lookupLeavesMemoryAloneUnlessAskedToRestore() throws Exception {
        bed.startAll(12);
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 300));

        final var read = owner.lookup(false).get(30, TimeUnit.SECONDS);
        assertTrue(read.report().complete(), read.report().toString());
        assertEquals(sessions, new HashSet<>(read.sessions()));

        assertEquals(300, owner.deleteMemory().get(30, TimeUnit.SECONDS));
        assertEquals(0, owner.memory().size());
        assertEquals(sessions, new HashSet<>(owner.lookup(false).get(30, TimeUnit.SECONDS).sessions()));
        assertEquals(0, owner.memory().size());

        assertTrue(owner.lookup(true).get(30, TimeUnit.SECONDS).report().complete());
        assertEquals(sessions, new HashSet<>(owner.memory().all()));
    }

    @Test
    void deleteMemoryStoresChangesFirstSoThatRestoreBringsBackEverything() throws Exception {
        bed.startAll(12);
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 300));
        final var added = SampleSessions.session(new Random(99), 1_000, Instant.now());
        owner.memory().apply(new SessionEvent.Granted(added));
        sessions.add(added);

        assertEquals(301, owner.deleteMemory().get(30, TimeUnit.SECONDS));
        assertEquals(0, owner.memory().size());
        assertTrue(owner.lookup(true).get(30, TimeUnit.SECONDS).report().complete());
        assertEquals(sessions, new HashSet<>(owner.memory().all()));
    }

    @Test
    void deleteMemoryKeepsTheMemoryWhenTheCopyInTheOverlayIsDeleted() throws Exception {
        bed.startAll(12);
        final var owner = bed.agents.get(0);
        bed.fill(owner, 300);
        owner.delete().get(30, TimeUnit.SECONDS);

        final var refused = assertThrows(ExecutionException.class, () -> owner.deleteMemory().get(30,
            TimeUnit.SECONDS));
        assertEquals("the copy in the overlay is deleted; undelete or store it first. The memory is kept",
            refused.getCause().getMessage());
        assertEquals(300, owner.memory().size());
    }

    @Test
    void deleteHidesTheCopyUntilUndeleteOrTheNextStore() throws Exception {
        bed.startAll(12);
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 300));

        assertEquals(SEGMENTS * CODING.totalChunks(), owner.delete().get(30, TimeUnit.SECONDS));
        assertEquals(RecoveryReport.Outcome.NOTHING_STORED,
            owner.lookup(false).get(30, TimeUnit.SECONDS).report().outcome());
        assertEquals(SEGMENTS * CODING.totalChunks(), owner.undelete().get(30, TimeUnit.SECONDS));
        final var back = owner.lookup(false).get(30, TimeUnit.SECONDS);
        assertTrue(back.report().complete(), back.report().toString());
        assertEquals(sessions, new HashSet<>(back.sessions()));

        owner.delete().get(30, TimeUnit.SECONDS);
        assertEquals(SEGMENTS, owner.storeChanges().get(30, TimeUnit.SECONDS), "a store after a delete stores all");
        assertEquals(sessions, new HashSet<>(owner.lookup(false).get(30, TimeUnit.SECONDS).sessions()));
    }

    @Test
    void configureEncodesEverythingAgainWithoutAWindowOfLoss() throws Exception {
        bed.startAll(12);
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 1_000));
        final var before = owner.versions();

        final var reads = new CopyOnWriteArrayList<Retrieval>();
        final var configured = owner.configure(new CodingParameters(6, 3));
        while (!configured.isDone()) {
            reads.add(owner.lookup(false).get(30, TimeUnit.SECONDS));
        }
        assertEquals(SEGMENTS, configured.get());
        for (var read : reads) {
            assertTrue(read.report().complete(), read.report().toString());
            assertEquals(sessions, new HashSet<>(read.sessions()));
        }
        for (var entry : owner.versions().entrySet()) {
            assertEquals(new CodingParameters(6, 3), entry.getValue().coding());
            final var old = before.get(entry.getKey());
            assertTrue(bed.holderOf("an-0", entry.getKey(), old.generation(), 0).isEmpty(), "old stripe deleted");
        }

        // A crash in the middle of the next re-encoding leaves a recoverable copy.
        final var again = owner.configure(new CodingParameters(5, 5));
        TestBed.waitFor(() -> owner.progress().storingSegments() > 0 || again.isDone());
        bed.kill(owner);
        final var restarted = bed.start("an-0");
        assertTrue(restarted.lastRecovery().orElseThrow().complete(), restarted.lastRecovery().toString());
        assertEquals(sessions, new HashSet<>(restarted.memory().all()));
    }

    @Test
    void storingTimesAreExtendedWhileTheOwnerLivesAndRunOutWhenItIsGone() throws Exception {
        final var storingTime = Duration.ofSeconds(3);
        bed.startAll(12, config -> new AgentConfig(config.kad(), config.coding(), config.segments(),
            config.capacityBytes(), storingTime, config.deleteGrace(), config.storeInterval()));
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 300));

        Thread.sleep(storingTime.multipliedBy(2).toMillis());
        final var read = owner.lookup(false).get(30, TimeUnit.SECONDS);
        assertTrue(read.report().complete(), "chunks outlived their first storing time: " + read.report());
        assertEquals(sessions, new HashSet<>(read.sessions()));

        bed.kill(owner);
        TestBed.waitFor(() -> bed.agents.stream().allMatch(agent -> agent.chunkStore().counters().chunks() == 0));
        assertTrue(bed.agents.stream().mapToLong(agent -> agent.chunkStore().counters().expirations()).sum()
            >= SEGMENTS * CODING.totalChunks());
    }

    @Test
    void changesAreStoredByThemselves() throws Exception {
        bed.startAll(12, config -> new AgentConfig(config.kad(), config.coding(), config.segments(),
            config.capacityBytes(), config.storingTime(), config.deleteGrace(), Duration.ofMillis(100)));
        final var owner = bed.agents.get(0);
        final var session = SampleSessions.of("an-0", 1, Instant.now()).get(0);
        owner.memory().apply(new SessionEvent.Granted(session));
        TestBed.waitFor(() -> owner.progress().pendingSegments() == 0 && owner.progress().storedSegments() == 1);
        assertEquals(List.of(session), owner.lookup(false).get(30, TimeUnit.SECONDS).sessions());
        assertTrue(owner.progress().lastStored().isPresent());
    }

    @Test
    void chunksRefusedByFullNodesArePlacedElsewhere() throws Exception {
        bed.startAll(12, config -> Set.of("an-1", "an-2", "an-3", "an-4").contains(config.anId())
            ? new AgentConfig(config.kad(), config.coding(), config.segments(), 0, config.storingTime(),
                config.deleteGrace(), config.storeInterval()) : config);
        final var owner = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(owner, 300));
        assertEquals(SEGMENTS, owner.versions().size());
        final var full = bed.agents.subList(1, 5);
        assertEquals(0, full.stream().mapToLong(agent -> agent.chunkStore().counters().chunks()).sum());
        assertTrue(full.stream().mapToLong(agent -> agent.chunkStore().reservations().refused()).sum() > 0);
        assertEquals(sessions, new HashSet<>(owner.lookup(false).get(30, TimeUnit.SECONDS).sessions()));
    }

    @Test
    void aStripeWithoutRoomForEveryChunkFailsBeforeAnythingIsWritten() throws Exception {
        final var session = SampleSessions.of("an-0", 1, Instant.now()).get(0);
        final var chunks = new StripeCodec(ReedSolomon.of(CODING)).encode("an-0", "segment-0", 1,
            SegmentCodec.encode(List.of(session)));
        final int chunkLength = ChunkCodec.encode(chunks.get(0)).length;
        // Five other nodes with room for one chunk each; the stripe has six. Lending so little, they may place
        // nothing of their own by the default usefulness bound: no bound here.
        bed.startAll(6, config -> new AgentConfig(config.kad(), config.coding(), config.segments(),
            chunkLength * 3 / 2, config.storingTime(), config.deleteGrace(), Duration.ofHours(1))
            .withFairness(NO_BOUND));
        final var owner = bed.agents.get(0);
        owner.memory().apply(new SessionEvent.Granted(session));
        owner.storeChanges().get(60, TimeUnit.SECONDS);

        assertEquals(1, owner.progress().pendingSegments());
        assertTrue(owner.progress().lastError().contains("store full"), owner.progress().lastError());
        final var others = bed.agents.subList(1, 6);
        assertEquals(0, others.stream().mapToLong(agent -> agent.chunkStore().counters().chunks()).sum(),
            "no chunk written");
        assertTrue(others.stream().mapToLong(agent -> agent.chunkStore().reservations().granted()).sum() > 0);
        assertEquals(0, others.stream().mapToLong(agent -> agent.chunkStore().reservations().used()).sum());
        assertTrue(others.stream().mapToLong(agent -> agent.chunkStore().reservations().refused()).sum() > 0);
    }

    @Test
    void storesRefusedForWantOfRoomAreRetriedLaterAndVisible() throws Exception {
        bed.startAll(6, config -> new AgentConfig(config.kad(), config.coding(), config.segments(), 0,
            config.storingTime(), config.deleteGrace(), config.storeInterval()).withFairness(NO_BOUND));
        final var owner = bed.agents.get(0);
        final var failures = new CopyOnWriteArrayList<String>();
        owner.addListener(new AgentListener() {
            @Override
            public void storeFailed(final String anId, final int segments, final String reason) {
                failures.add(anId + ": " + segments + ": " + reason);
            }
        });
        bed.grant(owner, 100);
        owner.storeChanges().get(60, TimeUnit.SECONDS);

        final var progress = owner.progress();
        assertEquals(SEGMENTS, progress.pendingSegments());
        assertEquals(1, progress.consecutiveFailures());
        assertTrue(progress.lastError().contains("store full"), progress.lastError());
        assertTrue(progress.nextAttempt().isPresent());
        assertFalse(progress.lastStored().isPresent());
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith("an-0: " + SEGMENTS + ": segment "), failures.get(0));
        assertTrue(owner.versions().isEmpty());
    }
}
