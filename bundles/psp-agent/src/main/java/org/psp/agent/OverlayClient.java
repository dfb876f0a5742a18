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
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.psp.kad.Contact;
import org.psp.kad.KadConfig;
import org.psp.kad.KadNode;
import org.psp.kad.MemoryValueStore;
import org.psp.kad.NodeId;
import org.psp.kad.OverlayScheduler;

/**
 * A controller's place in the overlay, apart from any access node: a Kad {@linkplain KadNode#startClient client}
 * that sends commands to access nodes' agents and reads any node's copy, while it holds nothing and no member lists
 * it. So a controller reaches the access nodes however many it hosts itself (none, typically), and its own restart
 * or crash takes nothing from the overlay.
 *
 * <p>It joins through the contacts its supplier gives and, while it knows no member (none answered yet, or all it
 * knew are gone), asks them again every few seconds. Thread-safe.
 */
public final class OverlayClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OverlayClient.class.getName());
    static final Duration REJOIN_INTERVAL = Duration.ofSeconds(2);

    private final KadNode node;
    private final OverlayReader reader;
    private final Supplier<List<InetSocketAddress>> bootstrap;
    private final AtomicBoolean joining = new AtomicBoolean();
    private final OverlayScheduler.Scheduled rejoin;
    // The contacts of the nodes watched, as found by their last watch.
    private final Map<String, Contact> located = new ConcurrentHashMap<>();

    private OverlayClient(final KadNode node, final Supplier<List<InetSocketAddress>> bootstrap) {
        this.node = node;
        this.bootstrap = bootstrap;
        reader = new OverlayReader(node, new MemoryValueStore(0), ForkJoinPool.commonPool());
        final long interval = REJOIN_INTERVAL.toMillis();
        rejoin = node.scheduler().scheduleWithFixedDelay(this::joinIfAlone, 0, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a client; it binds its ports at once and joins in the background.
     *
     * @param config its Kad settings: a name of its own (never an access node's id), the overlay key, timeouts
     * @param bootstrap the members to join through, asked again at every attempt
     * @param group the event loops it runs on
     * @return the running client
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public static OverlayClient start(final KadConfig config, final Supplier<List<InetSocketAddress>> bootstrap,
            final EventLoopGroup group) throws InterruptedException {
        return new OverlayClient(KadNode.startClient(config, group), requireNonNull(bootstrap));
    }

    private void joinIfAlone() {
        if (node.routingTable().size() > 0 || !joining.compareAndSet(false, true)) {
            return;
        }
        final var contacts = bootstrap.get();
        if (contacts.isEmpty()) {
            joining.set(false);
            return;
        }
        node.join(contacts).whenComplete((joined, failure) -> {
            joining.set(false);
            if (failure == null) {
                LOG.log(Level.INFO, "overlay client {0} joined through {1}, knows {2} members", node.config().anId(),
                    contacts, node.routingTable().size());
            } else {
                LOG.log(Level.DEBUG, "overlay client {0} could not join yet: {1}", node.config().anId(),
                    AgentCommands.reason(failure));
            }
        });
    }

    /**
     * Sends a command to an access node's agent.
     *
     * @param anId the access node
     * @param command the command
     * @return its answer; fails if the client knows no member yet, no member has the node's id or it does not
     *     answer
     */
    public CompletableFuture<AgentAnswer> command(final String anId, final AgentCommand command) {
        return joined().thenCompose(ignored -> AgentCommands.send(node, anId, command));
    }

    /**
     * Watches an access node: asks its agent for its state now and to push it to this client whenever it changes
     * until the lease ends. Renew the watch before then; the renewal also tells whether the node still answers. The
     * node's contact is remembered from one watch to the next, and looked up again when it does not answer there.
     *
     * @param anId the access node
     * @param lease how long it pushes
     * @return its state now; fails if the client knows no member yet, no member has the node's id, it does not
     *     answer or refuses
     */
    public CompletableFuture<AgentSnapshot> watch(final String anId, final Duration lease) {
        final var watch = new AgentCommand.Watch(node.commandPort(), lease);
        final var known = located.get(anId);
        if (known == null) {
            return locateAndWatch(anId, watch, null, true);
        }
        return watchAt(known, watch).exceptionallyCompose(failure -> {
            located.remove(anId, known);
            return locateAndWatch(anId, watch, known, true);
        });
    }

    /**
     * Locates a node and watches it there. Where the routing table's contact does not answer, the node may have come
     * back on other ports: a lookup asks the members, once.
     */
    private CompletableFuture<AgentSnapshot> locateAndWatch(final String anId, final AgentCommand.Watch watch,
            final Contact failed, final boolean lookUpIfSilent) {
        return joined().thenCompose(ignored -> AgentCommands.locate(node, anId, failed))
            .thenCompose(contact -> watchAt(contact, watch)
                .thenApply(state -> {
                    located.put(anId, contact);
                    return state;
                })
                .exceptionallyCompose(failure -> lookUpIfSilent ? locateAndWatch(anId, watch, contact, false)
                    : CompletableFuture.failedFuture(failure)));
    }

    private CompletableFuture<AgentSnapshot> watchAt(final Contact agent, final AgentCommand.Watch watch) {
        return AgentCommands.send(node, agent, watch).thenCompose(AgentCommands::stateIn);
    }

    /**
     * Takes the states that watched agents push to this client. A push is taken only from the node whose state it
     * is.
     *
     * @param listener called with each state, on an event loop (it must not block); returns whether this client
     *     still watches that node, else its agent stops pushing
     */
    public void onStatePushed(final Predicate<AgentSnapshot> listener) {
        requireNonNull(listener);
        node.serveCommands((origin, request) -> {
            final AgentAnswer answer;
            try {
                answer = pushed(origin.sender(), AgentAnswer.fromBytes(request), listener);
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(new AgentAnswer.Refused("malformed state: "
                    + e.getMessage()).toBytes());
            }
            return CompletableFuture.completedFuture(answer.toBytes());
        });
    }

    private static AgentAnswer pushed(final NodeId sender, final AgentAnswer pushed,
            final Predicate<AgentSnapshot> listener) {
        if (!(pushed instanceof AgentAnswer.State state)) {
            return new AgentAnswer.Refused("a client takes only pushed states");
        }
        if (!sender.equals(NodeId.ofAccessNode(state.snapshot().anId()))) {
            return new AgentAnswer.Refused("a node pushes only its own state");
        }
        return listener.test(state.snapshot()) ? AgentAnswer.WATCHING : AgentAnswer.NOT_WATCHING;
    }

    /**
     * Reads an access node's copy from the overlay, whether the node is up or not.
     *
     * @param anId the access node
     * @return the sessions read and the report; fails if the client knows no member yet
     */
    public CompletableFuture<Retrieval> read(final String anId) {
        // Alone, a lookup would find no holder and take that for "nothing stored".
        return joined().thenCompose(ignored -> reader.read(anId));
    }

    private CompletableFuture<Void> joined() {
        return members() > 0 ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(new IllegalStateException("this controller has not joined the overlay "
                + "yet: no member answered at " + bootstrap.get()));
    }

    /**
     * Returns the client's Kad node.
     *
     * @return the node
     */
    public KadNode node() {
        return node;
    }

    /**
     * Returns the settings the client's node runs with.
     *
     * @return the settings
     */
    public KadConfig config() {
        return node.config();
    }

    /**
     * Returns the UDP address of the client's node.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return node.contact().address();
    }

    /**
     * Tells how many members the client knows.
     *
     * @return the size of its routing table
     */
    public int members() {
        return node.routingTable().size();
    }

    @Override
    public void close() {
        rejoin.cancel();
        node.close();
    }
}
