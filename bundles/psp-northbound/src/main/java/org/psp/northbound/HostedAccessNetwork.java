/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataListener;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Psp;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.concepts.Registration;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentAnswer;
import org.psp.agent.AgentCommand;
import org.psp.agent.AgentCommands;
import org.psp.agent.AgentHost;
import org.psp.agent.AgentListener;
import org.psp.agent.AgentSnapshot;
import org.psp.agent.OverlayClient;
import org.psp.agent.Retrieval;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;
import org.psp.kad.KadNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller's part in the access network, following {@code /psp:psp} in the configuration: its overlay client,
 * through which it reaches every access node, and the access nodes it hosts itself. An access-node entry added starts
 * an agent, an entry removed stops it, an entry changed restarts it, and a new {@code coding} re-encodes every hosted
 * node's data; a changed overlay restarts the client. Changes are applied one at a time, on the changes thread, off
 * the datastore's threads; the configured coding is known at once.
 */
final class HostedAccessNetwork implements DataListener<Psp>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostedAccessNetwork.class);
    private static final DataObjectIdentifier<Psp> PATH = DataObjectIdentifier.builder(Psp.class).build();
    private static final long RESTART_WAIT_SECONDS = 120;

    private final AgentHost host = new AgentHost(2);
    private final EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final String clientName = "controller-" + UUID.randomUUID();
    private final AgentListener listener;
    private final ExecutorService changes = Executors.newSingleThreadExecutor(
        Thread.ofPlatform().name("psp-access-network").daemon().factory());
    // Touched on the changes thread only.
    private final Map<String, AccessNodeSpec> running = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private volatile OverlayClient client;
    private volatile List<InetSocketAddress> bootstrap = List.of();
    private volatile Set<String> watched = Set.of();
    private final Registration registration;
    private volatile Predicate<AgentSnapshot> pushes = state -> false;
    private volatile CodingParameters configuredCoding = CodingParameters.DEFAULT;
    private CodingParameters appliedCoding = CodingParameters.DEFAULT;
    private volatile boolean closing;

    HostedAccessNetwork(final DataBroker dataBroker, final AgentListener listener) {
        this.listener = listener;
        registration = dataBroker.registerDataListener(LogicalDatastoreType.CONFIGURATION, PATH, this);
    }

    @Override
    public void dataChangedTo(final Psp data) {
        final var newCoding = AccessNodeSpec.coding(data == null ? null : data.getCoding());
        if (!newCoding.equals(configuredCoding)) {
            LOG.info("PSP coding is now {} data + {} coding chunks", newCoding.dataChunks(), newCoding.codingChunks());
        }
        configuredCoding = newCoding;
        watched = data == null ? Set.of() : data.nonnullRemoteAccessNode().keySet().stream()
            .map(key -> key.getAnId().getValue()).collect(Collectors.toUnmodifiableSet());
        changes.execute(() -> apply(data, newCoding));
    }

    /**
     * Returns the configured coding of new stripes.
     *
     * @return m and k
     */
    CodingParameters coding() {
        return configuredCoding;
    }

    private void apply(final Psp data, final CodingParameters newCoding) {
        applyClient(data);
        final Map<String, String> invalid = new HashMap<>();
        final var target = data == null ? Map.<String, AccessNodeSpec>of() : wanted(data, newCoding, invalid);
        final var restarts = new ArrayList<String>();
        running.entrySet().removeIf(entry -> {
            final var next = target.get(entry.getKey());
            if (next == null) {
                host.stop(entry.getKey());
                LOG.info("PSP access node {} stopped", entry.getKey());
                return true;
            }
            if (entry.getValue().needsRestartFor(next)) {
                restarts.add(entry.getKey());
            }
            return false;
        });
        synchronized (this) {
            failures.clear();
            failures.putAll(invalid);
        }
        if (!restarts.isEmpty()) {
            rollingRestart(restarts, target);
        }
        if (closing) {
            return;
        }
        target.forEach((anId, spec) -> {
            if (!running.containsKey(anId)) {
                start(anId, spec);
            }
        });
        if (!newCoding.equals(appliedCoding)) {
            appliedCoding = newCoding;
            host.agents().forEach(agent -> agent.configure(newCoding).whenComplete((segments, failure) -> {
                if (failure == null) {
                    LOG.info("PSP access node {} re-encoded {} segments as {}+{}", agent.anId(), segments,
                        newCoding.dataChunks(), newCoding.codingChunks());
                } else {
                    LOG.warn("PSP access node {} could not re-encode its data", agent.anId(), failure);
                }
            }));
        }
    }

    /** Starts, restarts or stops the overlay client as the overlay's configuration says. */
    private void applyClient(final Psp data) {
        final Optional<KadConfig> next;
        try {
            bootstrap = AccessNodeSpec.overlayBootstrap(data);
            next = AccessNodeSpec.overlayClient(data, clientName);
        } catch (IllegalArgumentException e) {
            LOG.error("PSP overlay client not started: {}", e.getMessage());
            return;
        }
        final var previous = client;
        if (next.equals(Optional.ofNullable(previous).map(OverlayClient::config))) {
            return;
        }
        client = null;
        if (previous != null) {
            previous.close();
        }
        if (next.isEmpty()) {
            return;
        }
        try {
            client = OverlayClient.start(next.orElseThrow(), this::joinContacts, clientLoop);
            client.onStatePushed(state -> pushes.test(state));
            LOG.info("PSP overlay client {} started on udp {}, joining through {}", clientName,
                client.address(), joinContacts());
        } catch (UncheckedIOException e) {
            LOG.error("PSP overlay client cannot start: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The configured bootstrap contacts, then the hosted agents. */
    private List<InetSocketAddress> joinContacts() {
        final var contacts = new ArrayList<>(bootstrap);
        host.agents().forEach(agent -> contacts.add(agent.overlayAddress()));
        return contacts;
    }

    /**
     * Restarts access nodes with new settings, one at a time: each goes with the chunks it held for the others, comes
     * back and recovers its own sessions from them. Restarting all at once would lose everything the emulated nodes
     * hold for each other; so every node stores its copy again before the first goes and after each is back. A node
     * that does not come back halts the restart: its sessions live only in the others' memory now, and restarting
     * more of them would thin that copy further. The rest keep their settings until the next change. Closing the
     * controller halts it too, between two nodes: each node is either restarted or untouched.
     */
    private void rollingRestart(final List<String> anIds, final Map<String, AccessNodeSpec> target) {
        storeEveryCopyAgain();
        for (int next = 0; next < anIds.size(); next++) {
            if (closing) {
                LOG.info("PSP rolling restart halted: the controller is closing; {} keep their previous settings",
                    anIds.subList(next, anIds.size()));
                return;
            }
            final var anId = anIds.get(next);
            host.stop(anId);
            running.remove(anId);
            LOG.info("PSP access node {} restarting with new settings", anId);
            final var started = start(anId, target.get(anId));
            if (started == null || !await(started, anId + " restarting")) {
                if (closing) {
                    return;
                }
                LOG.error("PSP rolling restart halted: access node {} did not come back; {} keep their previous "
                    + "settings until the configuration changes again", anId, anIds.subList(next + 1, anIds.size()));
                return;
            }
            storeEveryCopyAgain();
        }
    }

    /** Has every hosted node store its copy again, replacing chunks held by nodes that are gone, and waits. */
    private void storeEveryCopyAgain() {
        await(CompletableFuture.allOf(host.agents().stream().map(agent -> agent.configure(agent.coding()))
            .toArray(CompletableFuture[]::new)), "storing every copy again");
    }

    /** Waits for a step of a rolling restart; returns whether it finished well. */
    private static boolean await(final CompletableFuture<?> step, final String what) {
        try {
            step.get(RESTART_WAIT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("PSP rolling restart: {} did not finish", what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static Map<String, AccessNodeSpec> wanted(final Psp data, final CodingParameters coding,
            final Map<String, String> invalid) {
        try {
            return AccessNodeSpec.of(data, coding);
        } catch (IllegalArgumentException e) {
            data.nonnullAccessNode().keySet().forEach(key -> invalid.put(key.getAnId().getValue(), e.getMessage()));
            return Map.of();
        }
    }

    /**
     * Starts an access node; returns when it is up, or null if it could not start (its failure is recorded) or the
     * controller is closing.
     */
    private CompletableFuture<AccessNodeAgent> start(final String anId, final AccessNodeSpec spec) {
        if (closing) {
            return null;
        }
        try {
            final var started = host.start(spec.config(), spec.bootstrap().isEmpty() ? bootstrap : spec.bootstrap(),
                spec.sampleSessions(), listener);
            started.whenComplete((agent, failure) -> {
                if (failure != null) {
                    LOG.warn("PSP access node {} did not come up", anId, failure);
                }
            });
            running.put(anId, spec);
            clearFailure(anId);
            LOG.info("PSP access node {} started", anId);
            return started;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            recordFailure(anId, e.getMessage());
            LOG.warn("PSP access node {} cannot start: {}", anId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recordFailure(anId, "interrupted while starting");
        }
        return null;
    }

    private synchronized void recordFailure(final String anId, final String reason) {
        failures.put(anId, reason);
    }

    private synchronized void clearFailure(final String anId) {
        failures.remove(anId);
    }

    /**
     * Finds a hosted access node's agent.
     *
     * @param anId the access node
     * @return its agent, if it runs here
     */
    Optional<AccessNodeAgent> agent(final String anId) {
        return host.agent(anId);
    }

    /**
     * Reads an access node's data from the overlay, whether the node is up or not: through the overlay client, or
     * through a hosted agent while the client knows no member yet.
     *
     * @param anId the access node
     * @return the sessions read and the report; fails if this controller is not in the overlay
     */
    CompletableFuture<Retrieval> read(final String anId) {
        final var via = client;
        final var member = host.agents().stream().findFirst();
        if (member.isPresent() && (via == null || via.members() == 0)) {
            return member.orElseThrow().lookupOf(anId);
        }
        return via != null ? via.read(anId) : CompletableFuture.failedFuture(notInOverlay());
    }

    /**
     * Runs a command on an access node: on its agent when it is hosted here, else over the overlay.
     *
     * @param anId the access node
     * @param command the command
     * @return the answer; fails if the node is not hosted here and cannot be reached
     */
    CompletableFuture<AgentAnswer> command(final String anId, final AgentCommand command) {
        final var hosted = host.agent(anId);
        if (hosted.isPresent()) {
            return AgentCommands.run(hosted.orElseThrow(), command);
        }
        final var via = client;
        final var member = host.agents().stream().findFirst();
        if (member.isPresent() && (via == null || via.members() == 0)) {
            return member.orElseThrow().send(anId, command);
        }
        return via != null ? via.command(anId, command) : CompletableFuture.failedFuture(notInOverlay());
    }

    /**
     * Watches a remote access node over the overlay client: its state now, then pushed as it changes until the
     * lease ends. While the client knows no member yet, asks through a hosted node, without pushes.
     *
     * @param anId the access node
     * @param lease how long it pushes
     * @return its state now; fails if it cannot be reached
     */
    CompletableFuture<AgentSnapshot> watch(final String anId, final Duration lease) {
        final var via = client;
        final var member = host.agents().stream().findFirst();
        if (member.isPresent() && (via == null || via.members() == 0)) {
            return member.orElseThrow().send(anId, new AgentCommand.Status())
                .thenCompose(AgentCommands::stateIn);
        }
        return via != null ? via.watch(anId, lease) : CompletableFuture.failedFuture(notInOverlay());
    }

    /**
     * Takes the states that watched nodes push, through whichever overlay client runs.
     *
     * @param taker called on an event loop, must not block; returns whether the node is still watched
     */
    void onStatePushed(final Predicate<AgentSnapshot> taker) {
        pushes = requireNonNull(taker);
    }

    /**
     * Returns the overlay node this controller searches the overlay's index through: its overlay client, or a hosted
     * agent's node while the client knows no member yet.
     *
     * @return the node; fails if this controller is not in the overlay
     */
    CompletableFuture<KadNode> searcher() {
        final var via = client;
        final var member = host.agents().stream().findFirst();
        if (member.isPresent() && (via == null || via.members() == 0)) {
            return CompletableFuture.completedFuture(member.orElseThrow().node());
        }
        return via != null ? CompletableFuture.completedFuture(via.node())
            : CompletableFuture.failedFuture(notInOverlay());
    }

    /**
     * Returns the access nodes this controller knows by id: those it hosts and those it watches.
     *
     * @return their AN ids
     */
    Set<String> knownAccessNodes() {
        final var known = new HashSet<>(watched);
        host.agents().forEach(agent -> known.add(agent.anId()));
        return Set.copyOf(known);
    }

    private static IllegalStateException notInOverlay() {
        return new IllegalStateException("this controller is not in the overlay: /psp:psp/overlay/key is not set");
    }

    /**
     * Returns the running agents.
     *
     * @return a snapshot
     */
    List<AccessNodeAgent> agents() {
        return List.copyOf(host.agents());
    }

    /**
     * Returns the remote access nodes this controller watches, other than those it hosts.
     *
     * @return their AN ids
     */
    Set<String> watched() {
        return watched.stream().filter(anId -> host.agent(anId).isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Tells whether this controller watches a remote access node.
     *
     * @param anId the access node
     * @return true if it is configured as remote and not hosted here
     */
    boolean watches(final String anId) {
        return watched.contains(anId) && host.agent(anId).isEmpty();
    }

    /**
     * Returns the configured access nodes that could not start, and why.
     *
     * @return AN id to reason
     */
    synchronized Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /**
     * Stops following the configuration, then the overlay client and every hosted node. A change being applied is cut
     * short first — a rolling restart waits for no more nodes and halts before the next one — so that nothing starts
     * on a host that is closed.
     */
    @Override
    public void close() {
        closing = true;
        registration.close();
        changes.shutdownNow();
        try {
            if (!changes.awaitTermination(RESTART_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("PSP access network: a configuration change still runs after {} s; closing anyway",
                    RESTART_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        final var overlayClient = client;
        if (overlayClient != null) {
            overlayClient.close();
        }
        host.close();
        clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
