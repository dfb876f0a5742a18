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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;

/**
 * An access network for benchmarks: agents on loopback in this JVM, with PSP's default settings and 16 + 16 coding;
 * the first agent, {@code an-0}, owns the sessions. Agents store only when asked and purge deleted chunks after a
 * second.
 */
final class AgentNetwork implements AutoCloseable {
    static final CodingParameters CODING = new CodingParameters(16, 16);
    private static final byte[] KEY = "psp benchmark overlay key 000000".getBytes(StandardCharsets.UTF_8);

    final List<AccessNodeAgent> agents = new ArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final Random random = new Random(11);
    private final IndexSettings index;
    private AgentConfig ownerConfig;

    AgentNetwork(final int size) throws InterruptedException, ExecutionException, TimeoutException {
        this(size, IndexSettings.DEFAULTS);
    }

    AgentNetwork(final int size, final IndexSettings index) throws InterruptedException, ExecutionException,
            TimeoutException {
        this.index = index;
        for (int i = 0; i < size; i++) {
            final var config = config("an-" + i);
            if (i == 0) {
                ownerConfig = config;
            }
            agents.add(start(config));
        }
    }

    private AgentConfig config(final String anId) {
        final var defaults = AgentConfig.defaults(KadConfig.defaults(anId, new InetSocketAddress("127.0.0.1", 0),
            KEY));
        return new AgentConfig(defaults.kad(), CODING, defaults.segments(), defaults.capacityBytes(),
            defaults.storingTime(), Duration.ofSeconds(1), Duration.ofDays(1), index);
    }

    private AccessNodeAgent start(final AgentConfig config) throws InterruptedException, ExecutionException,
            TimeoutException {
        final var agent = new AccessNodeAgent(config, group);
        agent.start(bootstrap()).get(60, TimeUnit.SECONDS);
        return agent;
    }

    List<InetSocketAddress> bootstrap() {
        return agents.size() < 2 ? agents.stream().map(agent -> agent.node().contact().address()).toList()
            : List.of(agents.get(1 + random.nextInt(agents.size() - 1)).node().contact().address());
    }

    AccessNodeAgent owner() {
        return agents.get(0);
    }

    /** Gives the owner its sample sessions and stores them. */
    void fill(final int sessions) throws InterruptedException, ExecutionException, TimeoutException {
        for (var session : SampleSessions.of("an-0", sessions, Instant.now())) {
            owner().memory().apply(new SessionEvent.Granted(session));
        }
        owner().storeChanges().get(60, TimeUnit.SECONDS);
    }

    /**
     * Crashes the owner and creates it again on the same ports with empty memory, not yet started.
     *
     * @return the new owner
     */
    AccessNodeAgent crashOwner() throws InterruptedException {
        final var contact = owner().node().contact();
        owner().close();
        final var kad = ownerConfig.kad();
        final var samePorts = new KadConfig(kad.anId(), contact.address(), contact.tcpPort(), kad.overlayKey(),
            kad.bucketSize(), kad.alpha(), kad.minTimeout(), kad.maxTimeout(), kad.replayWindow(),
            kad.maintenanceInterval());
        final var config = new AgentConfig(samePorts, ownerConfig.coding(), ownerConfig.segments(),
            ownerConfig.capacityBytes(), ownerConfig.storingTime(), ownerConfig.deleteGrace(),
            ownerConfig.storeInterval(), ownerConfig.index());
        // The ports are free once the other nodes have seen the old connections end.
        for (int attempt = 1;; attempt++) {
            try {
                final var restarted = new AccessNodeAgent(config, group);
                agents.set(0, restarted);
                return restarted;
            } catch (UncheckedIOException e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() {
        agents.forEach(AccessNodeAgent::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
