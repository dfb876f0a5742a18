/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.psp.kad.CommandHandler;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;

/**
 * Runs {@link AgentCommand}s: on an agent in this JVM, or on another access node's agent over the overlay, so that
 * one controller drives every access node with the same operations.
 */
public final class AgentCommands {
    private AgentCommands() {
        // static methods only
    }

    /**
     * Runs a command on an agent in this JVM.
     *
     * @param agent the agent
     * @param command the command
     * @return completes with the answer; a refusal or failure is a {@link AgentAnswer.Refused}, never a failed
     *     future
     */
    public static CompletableFuture<AgentAnswer> run(final AccessNodeAgent agent, final AgentCommand command) {
        CompletableFuture<AgentAnswer> answer;
        try {
            answer = start(agent, command);
        } catch (IllegalArgumentException e) {
            answer = CompletableFuture.completedFuture(new AgentAnswer.Refused(e.getMessage()));
        }
        return answer.exceptionally(failure -> new AgentAnswer.Refused(AccessNodeAgent.rootMessage(failure)));
    }

    private static CompletableFuture<AgentAnswer> start(final AccessNodeAgent agent, final AgentCommand command) {
        return switch (command) {
            case AgentCommand.Status status -> answered(new AgentAnswer.State(AgentSnapshot.of(agent)));
            case AgentCommand.Store store -> agent.storeChanges().thenApply(stored -> new AgentAnswer.Stored(stored,
                agent.progress().pendingSegments()));
            case AgentCommand.Restore restore -> agent.lookup(true).thenApply(read -> new AgentAnswer.Report(
                read.report()));
            case AgentCommand.Delete delete -> agent.delete().thenApply(AgentCommands::count);
            case AgentCommand.Undelete undelete -> agent.undelete().thenApply(AgentCommands::count);
            case AgentCommand.DeleteMemory forget -> agent.deleteMemory().thenApply(AgentCommands::count);
            case AgentCommand.Configure configure -> agent.configure(configure.coding())
                .thenApply(AgentCommands::count);
            case AgentCommand.Extend extend -> agent.extend(extend.storingTime()).thenApply(AgentCommands::count);
            case AgentCommand.AddSession add -> {
                agent.memory().apply(new SessionEvent.Granted(add.session()));
                yield answered(new AgentAnswer.Count(add.session().key().segment(agent.memory().segmentCount())));
            }
            case AgentCommand.RemoveSession remove -> answered(new AgentAnswer.Count(agent.memory()
                .apply(new SessionEvent.Released(remove.key())).isPresent() ? 1 : 0));
            case AgentCommand.Sessions page -> answered(sessions(agent.memory().all(), page));
            case AgentCommand.Watch watch -> answered(new AgentAnswer.Refused("a watch is asked over the overlay"));
        };
    }

    /**
     * Sends a command to another access node's agent over the overlay: finds the node by its id, then asks it.
     *
     * @param via a node of this JVM in the overlay
     * @param anId the access node
     * @param command the command
     * @return completes with the answer; fails if the node cannot be found or does not answer
     */
    public static CompletableFuture<AgentAnswer> send(final KadNode via, final String anId,
            final AgentCommand command) {
        return locate(via, anId, null).thenCompose(contact -> send(via, contact, command));
    }

    /**
     * Sends a command to an agent whose contact is known.
     *
     * @param via a node of this JVM in the overlay
     * @param agent the agent's node
     * @param command the command
     * @return completes with the answer; fails if the node does not answer
     */
    static CompletableFuture<AgentAnswer> send(final KadNode via, final Contact agent, final AgentCommand command) {
        return via.command(agent, command.toBytes()).thenApply(AgentAnswer::fromBytes);
    }

    /**
     * Finds an access node's overlay node by its id: in the routing table, else by a lookup, which asks the members
     * and so finds a node that came back on other ports.
     *
     * @param via a node of this JVM in the overlay
     * @param anId the access node
     * @param failed where the node did not answer just now, or null: never the answer
     * @return completes with its contact; fails if no member has its id
     */
    static CompletableFuture<Contact> locate(final KadNode via, final String anId, final Contact failed) {
        final var target = NodeId.ofAccessNode(anId);
        final var known = via.routingTable().find(target).filter(contact -> !contact.equals(failed));
        final var found = known.isPresent() ? CompletableFuture.completedFuture(known)
            : via.lookup(target).thenApply(result -> result.closest().stream()
                .filter(contact -> contact.id().equals(target) && !contact.equals(failed)).findFirst());
        return found.thenCompose(contact -> contact.map(CompletableFuture::completedFuture).orElseGet(() ->
            CompletableFuture.failedFuture(new IllegalStateException("no overlay member has its id"))));
    }

    /**
     * Returns the handler with which an agent serves commands from other members.
     *
     * @param agent the agent
     * @return the handler
     */
    static CommandHandler handlerFor(final AccessNodeAgent agent) {
        return (origin, request) -> {
            if (CoordinationMessage.isCoordination(request)) {
                return agent.coordination().handle(origin, request);
            }
            final AgentCommand command;
            try {
                command = AgentCommand.fromBytes(request);
            } catch (IllegalArgumentException e) {
                return answered(new AgentAnswer.Refused("malformed command: " + e.getMessage()))
                    .thenApply(AgentAnswer::toBytes);
            }
            final var answer = command instanceof AgentCommand.Watch watch
                ? agent.watch(origin.commandContact(watch.port()), watch.lease())
                    .<AgentAnswer>thenApply(AgentAnswer.State::new)
                    .exceptionally(failure -> new AgentAnswer.Refused(reason(failure)))
                : run(agent, command);
            return answer.thenApply(AgentAnswer::toBytes);
        };
    }

    /**
     * Takes the state out of an answer to {@link AgentCommand.Status} or {@link AgentCommand.Watch}.
     *
     * @param answer the answer
     * @return the state; fails with the agent's reason if it refused
     */
    public static CompletableFuture<AgentSnapshot> stateIn(final AgentAnswer answer) {
        return switch (answer) {
            case AgentAnswer.State state -> CompletableFuture.completedFuture(state.snapshot());
            case AgentAnswer.Refused refused -> CompletableFuture.failedFuture(
                new IllegalStateException(refused.reason()));
            default -> CompletableFuture.failedFuture(new IllegalStateException("unexpected answer " + answer));
        };
    }

    /**
     * Returns what a failed operation's future failed with, for the operator: the root cause's message.
     *
     * @param failure the failure, possibly wrapped by a future
     * @return its message
     */
    public static String reason(final Throwable failure) {
        return AccessNodeAgent.rootMessage(failure);
    }

    /** Picks a page of the sessions that match, in the order of port, then MAC. */
    static AgentAnswer.Sessions sessions(final List<Session> all, final AgentCommand.Sessions page) {
        final var matching = all.stream().filter(page.filter()::matches)
            .sorted(Comparator.comparing(Session::port).thenComparingLong(session -> session.mac().value()))
            .toList();
        return new AgentAnswer.Sessions(matching.size(), matching.subList(Math.min(page.offset(), matching.size()),
            (int) Math.min((long) page.offset() + page.limit(), matching.size())));
    }

    private static AgentAnswer count(final int value) {
        return new AgentAnswer.Count(value);
    }

    private static CompletableFuture<AgentAnswer> answered(final AgentAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
