/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;
import org.psp.kad.OverlayClock;

/**
 * Agents on 127.0.0.1 in one JVM, each joining through a random earlier one.
 */
final class TestBed implements AutoCloseable {
    static final byte[] KEY = "psp agent test overlay key 00000".getBytes(StandardCharsets.UTF_8);

    final List<AccessNodeAgent> agents = new ArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Random random = new Random(17);
    private final CodingParameters coding;
    private final int segments;

    TestBed(final CodingParameters coding, final int segments) {
        this.coding = coding;
        this.segments = segments;
    }

    /** Settings for tests: stores only when asked, unless a test shortens the store interval. */
    AgentConfig config(final String anId) {
        return new AgentConfig(KadConfig.defaults(anId, new InetSocketAddress("127.0.0.1", 0), KEY), coding,
            segments, 64 << 20, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofHours(1));
    }

    TestBed startAll(final int count) throws Exception {
        return startAll(count, UnaryOperator.identity());
    }

    TestBed startAll(final int count, final UnaryOperator<AgentConfig> adjust) throws Exception {
        for (int i = 0; i < count; i++) {
            start("an-" + i, adjust);
        }
        return this;
    }

    AccessNodeAgent start(final String anId) throws Exception {
        return start(anId, UnaryOperator.identity());
    }

    AccessNodeAgent start(final String anId, final UnaryOperator<AgentConfig> adjust) throws Exception {
        final var agent = new AccessNodeAgent(adjust.apply(config(anId)), group);
        final var bootstrap = agents.isEmpty() ? List.<InetSocketAddress>of()
            : List.of(agents.get(random.nextInt(agents.size())).node().contact().address());
        agents.add(agent);
        agent.start(bootstrap).get(60, TimeUnit.SECONDS);
        return agent;
    }

    /** Creates an agent that the caller starts. */
    AccessNodeAgent unstarted(final String anId) throws InterruptedException {
        final var agent = new AccessNodeAgent(config(anId), group);
        agents.add(agent);
        return agent;
    }

    /** Creates an agent that codes its segments on the given workers and that the caller starts. */
    AccessNodeAgent unstarted(final String anId, final Executor coder) throws InterruptedException {
        final var agent = new AccessNodeAgent(config(anId), group, coder, OverlayClock.system());
        agents.add(agent);
        return agent;
    }

    /** Gives an agent sessions, not yet stored. */
    List<Session> grant(final AccessNodeAgent owner, final int count) {
        final var sessions = new ArrayList<Session>();
        for (int i = 0; i < count; i++) {
            final var session = SampleSessions.session(random, i, Instant.now());
            sessions.add(session);
            owner.memory().apply(new SessionEvent.Granted(session));
        }
        return sessions;
    }

    /**
     * Gives an agent sessions and stores them all: a segment whose chunk went unanswered on a loaded machine is
     * stored again, as the agent's own timer would.
     */
    List<Session> fill(final AccessNodeAgent owner, final int count) throws Exception {
        final var sessions = grant(owner, count);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            owner.storeChanges().get(60, TimeUnit.SECONDS);
        } while (owner.memory().dirtyCount() > 0 && System.nanoTime() < deadline);
        return sessions;
    }

    /** Waits up to 30 s for a condition. */
    static void waitFor(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }

    /** Crashes an agent. */
    void kill(final AccessNodeAgent agent) {
        agent.close();
        agents.remove(agent);
    }

    /** Finds the agent that holds a chunk. */
    Optional<AccessNodeAgent> holderOf(final String owner, final int segment, final long generation,
            final int index) {
        final var key = AccessNodeAgent.chunkKey(owner, segment, generation, index);
        return agents.stream().filter(agent -> agent.chunkStore().get(key).isPresent()).findFirst();
    }

    @Override
    public void close() {
        agents.forEach(AccessNodeAgent::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
