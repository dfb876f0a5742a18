/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;

/**
 * The watchers of one agent's state, controllers that asked with {@link AgentCommand.Watch}, and the pushes owed to
 * them: at each {@linkplain #push check} a watcher whose lease lasts gets the state if it differs from the last one
 * it received, unless a push to it is still under way. A push that fails is sent again at a later check; a watcher
 * that answers that it no longer watches, or whose lease ended, is forgotten.
 *
 * <p>Confined to the agent's timer thread, which runs every method and every push's completion.
 */
final class StateWatchers {
    private static final System.Logger LOG = System.getLogger(StateWatchers.class.getName());

    private final KadNode node;
    private final Executor owner;
    private final LongSupplier nanoTime;
    private final Map<NodeId, Watcher> watchers = new HashMap<>();

    /** One watcher: where it takes pushes, until when, what it has. */
    private static final class Watcher {
        private Contact contact;
        private long leaseEndNanos;
        private AgentSnapshot received;
        private boolean pushing;

        Watcher(final Contact contact) {
            this.contact = contact;
        }
    }

    /**
     * Creates the watchers of an agent's state.
     *
     * @param node the agent's overlay node, which sends the pushes
     * @param owner the agent's timer, the one thread that touches the watchers
     * @param nanoTime the clock of the leases
     */
    StateWatchers(final KadNode node, final Executor owner, final LongSupplier nanoTime) {
        this.node = requireNonNull(node);
        this.owner = requireNonNull(owner);
        this.nanoTime = requireNonNull(nanoTime);
    }

    /**
     * Adds a watcher or renews its lease.
     *
     * @param contact where it takes pushes
     * @param lease how long from now
     * @param answered the state it is answered with now
     */
    void watch(final Contact contact, final Duration lease, final AgentSnapshot answered) {
        final var watcher = watchers.computeIfAbsent(contact.id(), id -> new Watcher(contact));
        watcher.contact = contact;
        watcher.leaseEndNanos = nanoTime.getAsLong() + lease.toNanos();
        watcher.received = answered;
    }

    /**
     * Tells whether anyone watches, so that the agent need not take a snapshot for nobody.
     *
     * @return true if some watcher's lease may last
     */
    boolean any() {
        return !watchers.isEmpty();
    }

    /**
     * Pushes the state to every watcher that has not received it yet, and forgets watchers whose lease ended.
     *
     * @param state the agent's state now
     */
    void push(final AgentSnapshot state) {
        final long now = nanoTime.getAsLong();
        watchers.values().removeIf(watcher -> now - watcher.leaseEndNanos >= 0);
        watchers.forEach((id, watcher) -> {
            if (watcher.pushing || state.equals(watcher.received)) {
                return;
            }
            watcher.pushing = true;
            node.command(watcher.contact, new AgentAnswer.State(state).toBytes())
                .whenCompleteAsync((answer, failure) -> pushed(id, watcher, state, answer, failure), owner);
        });
    }

    private void pushed(final NodeId id, final Watcher watcher, final AgentSnapshot state, final byte[] answer,
            final Throwable failure) {
        watcher.pushing = false;
        if (failure != null) {
            LOG.log(Level.DEBUG, "state push to {0} failed, sent again later: {1}", watcher.contact.address(),
                AgentCommands.reason(failure));
            return;
        }
        if (stillWatching(answer)) {
            watcher.received = state;
        } else {
            watchers.remove(id, watcher);
        }
    }

    private static boolean stillWatching(final byte[] answer) {
        try {
            return !AgentAnswer.NOT_WATCHING.equals(AgentAnswer.fromBytes(answer));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
