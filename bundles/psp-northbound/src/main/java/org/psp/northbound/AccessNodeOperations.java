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
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.opendaylight.mdsal.dom.api.DOMRpcProviderService;
import org.opendaylight.netconf.databind.RequestException;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.AddSession;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.AddSessionOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Configure;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.ConfigureOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Delete;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.DeleteMemory;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.DeleteMemoryOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.DeleteOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Extend;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.ExtendOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Lookup;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.LookupInput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.LookupOutput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.LookupOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.RemoveSession;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.RemoveSessionOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Store;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.StoreOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Target;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Undelete;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.UndeleteOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.lookup.output.SessionBuilder;
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
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.Retrieval;
import org.psp.agent.SessionEvent;
import org.psp.erasure.CodingParameters;

/**
 * The operations of psp.yang on the hosted access nodes: store, lookup, delete, undelete, delete-memory, configure,
 * extend, add-session and remove-session. A request for an access node this controller does not host (other than a
 * lookup without restore, which any member can answer), or with inconsistent input, fails with an
 * {@code invalid-value} error that names the problem.
 */
final class AccessNodeOperations {
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
            DomRpcBridge.register(router, codec, Store.QNAME, (Store) input -> on(input, agent -> agent
                .storeChanges().thenApply(stored -> new StoreOutputBuilder().setSegmentsStored(Uint32.valueOf(stored))
                    .setPendingSegments(Uint32.valueOf(agent.progress().pendingSegments())).build()))),
            DomRpcBridge.register(router, codec, Lookup.QNAME, (Lookup) this::lookup),
            DomRpcBridge.register(router, codec, Delete.QNAME, (Delete) input -> on(input, agent -> agent.delete()
                .thenApply(chunks -> new DeleteOutputBuilder().setChunksDeleted(Uint32.valueOf(chunks)).build()))),
            DomRpcBridge.register(router, codec, Undelete.QNAME, (Undelete) input -> on(input, agent -> agent
                .undelete().thenApply(chunks -> new UndeleteOutputBuilder().setChunksRestored(Uint32.valueOf(chunks))
                    .build()))),
            DomRpcBridge.register(router, codec, DeleteMemory.QNAME, (DeleteMemory) input -> on(input, agent -> agent
                .deleteMemory().thenApply(forgotten -> new DeleteMemoryOutputBuilder()
                    .setSessionsForgotten(Uint32.valueOf(forgotten)).build()))),
            DomRpcBridge.register(router, codec, Configure.QNAME, (Configure) input -> on(input, agent -> {
                final int dataChunks = required(input.getDataChunks(), "data-chunks").getValue().intValue();
                final int codingChunks = required(input.getCodingChunks(), "coding-chunks").getValue().intValue();
                return agent.configure(new CodingParameters(dataChunks, codingChunks)).thenApply(segments ->
                    new ConfigureOutputBuilder().setSegmentsEncoded(Uint32.valueOf(segments)).build());
            })),
            DomRpcBridge.register(router, codec, Extend.QNAME, (Extend) input -> on(input, agent -> agent
                .extend(Duration.ofSeconds(required(input.getStoringTimeSeconds(), "storing-time-seconds")
                    .longValue()))
                .thenApply(chunks -> new ExtendOutputBuilder().setChunksExtended(Uint32.valueOf(chunks)).build()))),
            DomRpcBridge.register(router, codec, AddSession.QNAME, (AddSession) input -> on(input, agent -> {
                final var session = SessionMapping.fromYang(input);
                agent.memory().apply(new SessionEvent.Granted(session));
                return CompletableFuture.completedFuture(new AddSessionOutputBuilder()
                    .setSegment(Uint16.valueOf(session.key().segment(agent.memory().segmentCount()))).build());
            })),
            DomRpcBridge.register(router, codec, RemoveSession.QNAME, (RemoveSession) input -> on(input, agent ->
                CompletableFuture.completedFuture(new RemoveSessionOutputBuilder().setRemoved(agent.memory()
                    .apply(new SessionEvent.Released(SessionMapping.keyFromYang(input))).isPresent()).build()))));
        return () -> registrations.forEach(Registration::close);
    }

    /**
     * Looks up an access node's data: through its own agent when it is hosted here, else, without restoring, through
     * any hosted agent, so that the data of a node that is down can still be read.
     */
    private ListenableFuture<RpcResult<LookupOutput>> lookup(final LookupInput input) {
        if (input.getAnId() == null) {
            return invalid("an-id is required");
        }
        final var anId = input.getAnId().getValue();
        final boolean restore = Boolean.TRUE.equals(input.getRestore());
        if (network.agent(anId).isEmpty() && !restore) {
            final var member = network.agents().stream().findFirst();
            if (member.isPresent()) {
                return complete(anId, member.orElseThrow().lookupOf(anId).thenApply(AccessNodeOperations::output));
            }
        }
        return on(input, agent -> agent.lookup(restore).thenApply(AccessNodeOperations::output));
    }

    private static LookupOutput output(final Retrieval read) {
        return new LookupOutputBuilder(Notifications.report(read.report()))
            .setSession(BindingMap.of(read.sessions().stream()
                .map(session -> new SessionBuilder(SessionMapping.toYang(session)).build()).toList()))
            .build();
    }

    /** Runs an operation on the target access node, turning bad input into an invalid-value error. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private <O extends DataObject> ListenableFuture<RpcResult<O>> on(final Target input,
            final Function<AccessNodeAgent, CompletableFuture<O>> operation) {
        final CompletableFuture<O> running;
        final String anId;
        try {
            anId = required(input.getAnId(), "an-id").getValue();
            final var agent = network.agent(anId);
            if (agent.isEmpty()) {
                return invalid("access node " + anId + " is not hosted by this controller");
            }
            running = operation.apply(agent.orElseThrow());
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        return complete(anId, running);
    }

    private static <O extends DataObject> ListenableFuture<RpcResult<O>> complete(final String anId,
            final CompletableFuture<O> running) {
        final var result = SettableFuture.<RpcResult<O>>create();
        running.whenComplete((output, failure) -> {
            if (failure == null) {
                result.set(RpcResultBuilder.success(output).build());
            } else {
                final var cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
                result.setException(new RequestException(ErrorType.APPLICATION, ErrorTag.OPERATION_FAILED,
                    "access node " + anId + ": " + cause.getMessage()));
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

    private static <O> ListenableFuture<RpcResult<O>> invalid(final String message) {
        return Futures.immediateFailedFuture(new RequestException(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE,
            message));
    }
}
