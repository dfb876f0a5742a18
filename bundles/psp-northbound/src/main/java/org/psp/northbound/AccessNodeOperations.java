/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.SettableFuture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.opendaylight.mdsal.dom.api.DOMRpcProviderService;
import org.opendaylight.netconf.databind.RequestException;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AddSession;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AddSessionOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Configure;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.ConfigureOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Delete;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteMemory;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteMemoryOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Extend;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.ExtendOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Lookup;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.LookupInput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.LookupOutput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.LookupOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RemoveSession;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RemoveSessionOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Sessions;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionsOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Store;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.StoreOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Target;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Undelete;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.UndeleteOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.lookup.output.SessionBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.lookup.output.StoredSegmentBuilder;
import org.opendaylight.yangtools.binding.DataObject;
import org.opendaylight.yangtools.binding.data.codec.api.BindingNormalizedNodeSerializer;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.psp.agent.AgentAnswer;
import org.psp.agent.AgentCommand;
import org.psp.agent.AgentCommands;
import org.psp.agent.Retrieval;
import org.psp.erasure.CodingParameters;

/**
 * The operations of psp.yang on access nodes: store, lookup, delete, undelete, delete-memory, configure, extend,
 * sessions, add-session and remove-session. Each runs as an {@link AgentCommand}: on the agent itself when this
 * controller hosts the access node, else over the overlay, authenticated, through the controller's overlay client, so
 * that one controller drives every access node. Inconsistent input, or an access node that is neither hosted nor
 * reachable, fails with an {@code invalid-value} error that names the problem; an operation the agent refuses or
 * fails, with {@code operation-failed} and the agent's reason.
 */
final class AccessNodeOperations {
    private static final int DEFAULT_PAGE = 1000;

    private final HostedAccessNetwork network;

    AccessNodeOperations(final HostedAccessNetwork network) {
        this.network = network;
    }

    /**
     * Registers every operation.
     *
     * @param router the DOM RPC router
     * @param codec the binding codec
     * @return the registrations, closed together
     */
    Registration register(final DOMRpcProviderService router, final BindingNormalizedNodeSerializer codec) {
        final List<Registration> registrations = List.of(
            DomRpcBridge.register(router, codec, Store.QNAME, (Store) input -> call(input,
                () -> new AgentCommand.Store(), AgentAnswer.Stored.class, stored -> new StoreOutputBuilder()
                    .setSegmentsStored(Uint32.valueOf(stored.segments()))
                    .setPendingSegments(Uint32.valueOf(stored.pending())).build())),
            DomRpcBridge.register(router, codec, Lookup.QNAME, (Lookup) this::lookup),
            DomRpcBridge.register(router, codec, Delete.QNAME, (Delete) input -> call(input,
                () -> new AgentCommand.Delete(), AgentAnswer.Count.class, chunks -> new DeleteOutputBuilder()
                    .setChunksDeleted(Uint32.valueOf(chunks.value())).build())),
            DomRpcBridge.register(router, codec, Undelete.QNAME, (Undelete) input -> call(input,
                () -> new AgentCommand.Undelete(), AgentAnswer.Count.class, chunks -> new UndeleteOutputBuilder()
                    .setChunksRestored(Uint32.valueOf(chunks.value())).build())),
            DomRpcBridge.register(router, codec, DeleteMemory.QNAME, (DeleteMemory) input -> call(input,
                () -> new AgentCommand.DeleteMemory(), AgentAnswer.Count.class, forgotten ->
                    new DeleteMemoryOutputBuilder().setSessionsForgotten(Uint32.valueOf(forgotten.value())).build())),
            DomRpcBridge.register(router, codec, Configure.QNAME, (Configure) input -> call(input,
                () -> new AgentCommand.Configure(new CodingParameters(
                    required(input.getDataChunks(), "data-chunks").getValue().intValue(),
                    required(input.getCodingChunks(), "coding-chunks").getValue().intValue())),
                AgentAnswer.Count.class, segments -> new ConfigureOutputBuilder()
                    .setSegmentsEncoded(Uint32.valueOf(segments.value())).build())),
            DomRpcBridge.register(router, codec, Extend.QNAME, (Extend) input -> call(input,
                () -> new AgentCommand.Extend(Duration.ofSeconds(required(input.getStoringTimeSeconds(),
                    "storing-time-seconds").longValue())),
                AgentAnswer.Count.class, chunks -> new ExtendOutputBuilder()
                    .setChunksExtended(Uint32.valueOf(chunks.value())).build())),
            DomRpcBridge.register(router, codec, AddSession.QNAME, (AddSession) input -> call(input,
                () -> new AgentCommand.AddSession(SessionMapping.fromYang(input)), AgentAnswer.Count.class,
                segment -> new AddSessionOutputBuilder().setSegment(Uint16.valueOf(segment.value())).build())),
            DomRpcBridge.register(router, codec, Sessions.QNAME, (Sessions) input -> call(input,
                () -> new AgentCommand.Sessions(SessionMapping.filterFromYang(input),
                    (int) Math.min(Integer.MAX_VALUE, input.getOffset() == null ? 0 : input.getOffset().longValue()),
                    input.getLimit() == null ? DEFAULT_PAGE : input.getLimit().intValue()),
                AgentAnswer.Sessions.class, page -> new SessionsOutputBuilder()
                    .setMatching(Uint32.valueOf(page.matching()))
                    .setSession(page.sessions().stream().map(session ->
                        new org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.sessions.output.SessionBuilder(
                            SessionMapping.toYang(session)).build()).toList())
                    .build())),
            DomRpcBridge.register(router, codec, RemoveSession.QNAME, (RemoveSession) input -> call(input,
                () -> new AgentCommand.RemoveSession(SessionMapping.keyFromYang(input)), AgentAnswer.Count.class,
                removed -> new RemoveSessionOutputBuilder().setRemoved(removed.value() > 0).build())));
        return () -> registrations.forEach(Registration::close);
    }

    /**
     * Looks up an access node's data. Without restore, any hosted agent reads it from the overlay, so that the data
     * of a node that is down can still be read. With restore, the node's agent reads it into its memory; a node
     * reached over the overlay answers with the report only, its sessions being in its memory.
     */
    private ListenableFuture<RpcResult<LookupOutput>> lookup(final LookupInput input) {
        final boolean restore = Boolean.TRUE.equals(input.getRestore());
        final String anId;
        try {
            anId = required(input.getAnId(), "an-id").getValue();
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        final var hosted = network.agent(anId);
        if (hosted.isPresent()) {
            return complete("access node " + anId, hosted.orElseThrow().lookup(restore)
                .thenApply(AccessNodeOperations::output));
        }
        if (!restore) {
            return complete("access node " + anId, network.read(anId).thenApply(AccessNodeOperations::output));
        }
        return call(input, () -> new AgentCommand.Restore(), AgentAnswer.Report.class,
            restored -> new LookupOutputBuilder(Notifications.report(restored.report())).build());
    }

    private static LookupOutput output(final Retrieval read) {
        return new LookupOutputBuilder(Notifications.report(read.report()))
            .setSession(BindingMap.of(read.sessions().stream()
                .map(session -> new SessionBuilder(SessionMapping.toYang(session)).build()).toList()))
            .setStoredSegment(BindingMap.of(read.segments().entrySet().stream()
                .map(segment -> new StoredSegmentBuilder().setSegment(Uint16.valueOf(segment.getKey()))
                    .setGeneration(Uint64.valueOf(segment.getValue().generation()))
                    .setContentHash(segment.getValue().digest().toString()).build())
                .toList()))
            .build();
    }

    /**
     * Runs a command on the target access node and turns its answer into the operation's output. Bad input is an
     * invalid-value error; a refusal, an operation-failed error with the agent's reason.
     */
    private <A extends AgentAnswer, O extends DataObject> ListenableFuture<RpcResult<O>> call(final Target input,
            final Supplier<AgentCommand> command, final Class<A> answerType, final Function<A, O> output) {
        final String anId;
        final AgentCommand built;
        try {
            anId = required(input.getAnId(), "an-id").getValue();
            built = command.get();
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        final var result = SettableFuture.<RpcResult<O>>create();
        network.command(anId, built).whenComplete((answered, failure) -> {
            if (failure != null) {
                result.setException(new RequestException(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
                    "access node " + anId + " is not hosted by this controller and did not answer over the overlay ("
                        + AgentCommands.reason(failure) + ")"));
            } else if (answerType.isInstance(answered)) {
                result.set(RpcResultBuilder.success(output.apply(answerType.cast(answered))).build());
            } else {
                result.setException(new RequestException(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED,
                    "access node " + anId + ": " + (answered instanceof AgentAnswer.Refused refused ? refused.reason()
                        : "unexpected answer " + answered)));
            }
        });
        return result;
    }

    /**
     * Completes an RPC with what a running operation gives; its failure is an operation-failed error saying what
     * failed and why.
     */
    static <O> ListenableFuture<RpcResult<O>> complete(final String what, final CompletableFuture<O> running) {
        final var result = SettableFuture.<RpcResult<O>>create();
        running.whenComplete((output, failure) -> {
            if (failure == null) {
                result.set(RpcResultBuilder.success(output).build());
            } else {
                result.setException(new RequestException(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED,
                    what + ": " + AgentCommands.reason(failure)));
            }
        });
        return result;
    }

    /**
     * Returns a leaf that the YANG model makes mandatory; RESTCONF hands RPC input on without checking that.
     */
    static <T> T required(final T value, final String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /** Fails an RPC for bad input: RESTCONF answers 400, NETCONF an rpc-error, both with the message. */
    static <O> ListenableFuture<RpcResult<O>> invalid(final String message) {
        return Futures.immediateFailedFuture(new RequestException(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
            message));
    }
}
