/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Runs the agents of any number of access nodes in one JVM, on shared event loops: emulated access networks, the
 * agents a controller hosts, or one agent process. Agents started without bootstrap contacts join through an agent
 * already hosted, so that the hosted agents form one overlay. Thread-safe.
 *
 * <p>In an OSGi runtime it is also the service that runs the agents configured through ConfigAdmin (see
 * {@link org.psp.agent.osgi.ConfiguredAgent}), on two event-loop threads.
 */
@Component(service = AgentHost.class)
public final class AgentHost implements AutoCloseable {
    private static final int OSGI_THREADS = 2;

    private final EventLoopGroup group;
    private final Map<String, AccessNodeAgent> agents = new ConcurrentHashMap<>();

    /**
     * Creates the host of an OSGi runtime's configured agents.
     */
    @Activate
    public AgentHost() {
        this(OSGI_THREADS);
    }

    /**
     * Creates a host.
     *
     * @param threads event-loop threads shared by all agents
     */
    public AgentHost(final int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /**
     * Starts an agent: binds its ports at once, then joins, recovers and, if the overlay held nothing of it, creates
     * and stores its sample sessions.
     *
     * @param config the agent's settings
     * @param bootstrap members to join through; empty to join through a hosted agent, if there is one
     * @param sampleSessions sample sessions to create when the overlay holds nothing of the node
     * @param listener hears the agent's events from the start
     * @return completes with the agent when it is up
     * @throws IllegalArgumentException if an agent with that AN id is hosted already
     * @throws java.io.UncheckedIOException if a port cannot be bound
     * @throws InterruptedException if interrupted while binding
     */
    public CompletableFuture<AccessNodeAgent> start(final AgentConfig config, final List<InetSocketAddress> bootstrap,
            final int sampleSessions, final AgentListener listener) throws InterruptedException {
        requireNonNull(listener);
        final var contacts = bootstrap.isEmpty()
            ? agents.values().stream().findFirst().map(agent -> List.of(agent.node().contact().address()))
                .orElse(List.of())
            : bootstrap;
        final var agent = new AccessNodeAgent(config, group);
        if (agents.putIfAbsent(config.anId(), agent) != null) {
            agent.close();
            throw new IllegalArgumentException("access node " + config.anId() + " is hosted already");
        }
        agent.addListener(listener);
        return agent.start(contacts).thenCompose(report -> {
            if (sampleSessions == 0 || report.isEmpty()
                    || report.orElseThrow().outcome() != RecoveryReport.Outcome.NOTHING_STORED) {
                return CompletableFuture.completedFuture(agent);
            }
            SampleSessions.of(agent.anId(), sampleSessions, agent.node().clock().instant())
                .forEach(session -> agent.memory().apply(new SessionEvent.Granted(session)));
            return agent.storeChanges().thenApply(stored -> agent);
        });
    }

    /**
     * Stops a hosted agent: it leaves the overlay and closes. Its chunks stay with their holders until their storing
     * time runs out.
     *
     * @param anId the access node
     * @return true if it was hosted
     */
    public boolean stop(final String anId) {
        final var agent = agents.remove(anId);
        if (agent == null) {
            return false;
        }
        agent.stop();
        return true;
    }

    /**
     * Finds a hosted agent.
     *
     * @param anId the access node
     * @return the agent, if hosted
     */
    public Optional<AccessNodeAgent> agent(final String anId) {
        return Optional.ofNullable(agents.get(anId));
    }

    /**
     * Returns the hosted agents.
     *
     * @return a snapshot
     */
    public Collection<AccessNodeAgent> agents() {
        return List.copyOf(agents.values());
    }

    /**
     * Stops every agent and the event loops.
     */
    @Override
    @Deactivate
    public void close() {
        agents.keySet().forEach(this::stop);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
