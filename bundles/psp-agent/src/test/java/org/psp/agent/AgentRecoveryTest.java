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

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;

/**
 * A test bed of 20 agents on 127.0.0.1: an access node stores its sessions, crashes with some holders, and gets them
 * back.
 */
class AgentRecoveryTest {
    private static final byte[] KEY = "psp agent test overlay key 00000".getBytes(StandardCharsets.UTF_8);
    private static final CodingParameters CODING = new CodingParameters(8, 4);
    private static final int SEGMENTS = 64;

    private EventLoopGroup group;
    private final List<AccessNodeAgent> agents = new ArrayList<>();
    private final Random random = new Random(17);

    @BeforeEach
    void startTestBed() throws Exception {
        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        for (int i = 0; i < 20; i++) {
            agents.add(start("an-" + i));
        }
    }

    @AfterEach
    void stopTestBed() {
        agents.forEach(AccessNodeAgent::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private AccessNodeAgent start(final String anId) throws Exception {
        final var agent = new AccessNodeAgent(KadConfig.defaults(anId, new InetSocketAddress("127.0.0.1", 0), KEY),
            group, CODING, SEGMENTS, 64 << 20);
        if (!agents.isEmpty()) {
            agent.join(List.of(agents.get(random.nextInt(agents.size())).node().contact().address()))
                .get(30, TimeUnit.SECONDS);
        }
        return agent;
    }

    private List<Session> fill(final AccessNodeAgent owner, final int count) throws Exception {
        final var sessions = new ArrayList<Session>();
        for (int i = 0; i < count; i++) {
            final var session = SegmentCodecTest.session(random, i);
            sessions.add(session);
            owner.memory().apply(new SessionEvent.Granted(session));
        }
        assertEquals(SEGMENTS, owner.storeChanges().get(60, TimeUnit.SECONDS));
        return sessions;
    }

    @Test
    void anOwnerThatCrashesWithKHoldersGetsExactlyItsSessionsBack() throws Exception {
        final var owner = agents.get(0);
        final var sessions = fill(owner, 10_000);

        final var others = new ArrayList<>(agents.subList(1, agents.size()));
        Collections.shuffle(others, random);
        final var killed = others.subList(0, CODING.codingChunks());
        killed.forEach(AccessNodeAgent::close);
        owner.close();
        agents.removeAll(killed);
        agents.remove(owner);

        final var restarted = start("an-0");
        agents.add(restarted);
        final var report = restarted.recover().get(60, TimeUnit.SECONDS);
        assertTrue(report.complete(), report.toString());
        assertEquals(SEGMENTS, report.segments());
        assertEquals(new HashSet<>(sessions), new HashSet<>(restarted.memory().all()));
    }

    @Test
    void aCrashInTheMiddleOfAnUpdateRecoversOneConsistentVersion() throws Exception {
        final var owner = agents.get(0);
        final var before = new HashSet<>(fill(owner, 500));
        renewAll(owner);
        // Crash after the new generation is stored, before it is published: the old version comes back.
        owner.storeNewGenerations(owner.memory().takeDirty()).get(60, TimeUnit.SECONDS);
        owner.close();
        agents.remove(owner);
        final var second = start("an-0");
        agents.add(second);
        assertTrue(second.recover().get(60, TimeUnit.SECONDS).complete());
        assertEquals(before, new HashSet<>(second.memory().all()));

        // Crash after publishing, before the old generation is deleted: the new version comes back.
        renewAll(second);
        final var renewedAgain = new HashSet<>(second.memory().all());
        second.publish(second.storeNewGenerations(second.memory().takeDirty()).get(60, TimeUnit.SECONDS))
            .get(60, TimeUnit.SECONDS);
        second.close();
        agents.remove(second);
        final var third = start("an-0");
        agents.add(third);
        assertTrue(third.recover().get(60, TimeUnit.SECONDS).complete());
        assertEquals(renewedAgain, new HashSet<>(third.memory().all()));
    }

    @Test
    void aCorruptChunkIsDetectedAndNotUsed() throws Exception {
        final var owner = agents.get(0);
        final var sessions = new HashSet<>(fill(owner, 500));
        final var version = owner.versions().get(3);
        for (int index = 0; index < 2; index++) {
            final var key = AccessNodeAgent.chunkKey("an-0", 3, version.generation(), index);
            for (var agent : agents) {
                final var held = agent.chunkStore().get(key);
                if (held.isPresent()) {
                    final var corrupt = held.orElseThrow();
                    corrupt[corrupt.length / 2] ^= 0x40;
                    agent.chunkStore().put(key, corrupt);
                }
            }
        }
        owner.memory().clear();
        final var report = owner.recover().get(60, TimeUnit.SECONDS);
        assertTrue(report.complete(), report.toString());
        assertEquals(sessions, new HashSet<>(owner.memory().all()));
    }

    private static void renewAll(final AccessNodeAgent owner) {
        for (var session : owner.memory().all()) {
            owner.memory().apply(new SessionEvent.Renewed(session.key(), session.leaseExpiry().plusSeconds(600)));
        }
    }

    @Test
    void losingMoreThanKChunksOfASegmentIsReportedWithCounts() throws Exception {
        final var owner = agents.get(0);
        fill(owner, 2_000);
        final var version = owner.versions().get(5);
        final var holders = new ArrayList<AccessNodeAgent>();
        for (int index = 0; index < CODING.totalChunks(); index++) {
            final var key = AccessNodeAgent.chunkKey("an-0", 5, version.generation(), index);
            agents.stream().filter(agent -> agent.chunkStore().get(key).isPresent()).findFirst()
                .ifPresent(holders::add);
        }
        assertEquals(CODING.totalChunks(), holders.size(), "one holder per chunk");
        assertEquals(CODING.totalChunks(), new HashSet<>(holders).size(), "distinct holders");
        final var killed = holders.subList(0, CODING.codingChunks() + 1);
        killed.forEach(AccessNodeAgent::close);
        agents.removeAll(killed);

        owner.memory().clear();
        final var report = owner.recover().get(60, TimeUnit.SECONDS);
        assertEquals("segment 5: unrecoverable: found 7 of 8 needed", report.unrecoverable().get(5));
        assertTrue(report.segments() >= SEGMENTS - report.unrecoverable().size());
        assertTrue(report.sessions() > 0);
    }
}
