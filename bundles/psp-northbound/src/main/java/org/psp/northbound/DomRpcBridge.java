/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import org.opendaylight.mdsal.dom.api.DOMRpcIdentifier;
import org.opendaylight.mdsal.dom.api.DOMRpcImplementation;
import org.opendaylight.mdsal.dom.api.DOMRpcProviderService;
import org.opendaylight.mdsal.dom.api.DOMRpcResult;
import org.opendaylight.mdsal.dom.spi.DefaultDOMRpcResult;
import org.opendaylight.netconf.databind.RequestException;
import org.opendaylight.yangtools.binding.Rpc;
import org.opendaylight.yangtools.binding.RpcInput;
import org.opendaylight.yangtools.binding.RpcOutput;
import org.opendaylight.yangtools.binding.data.codec.api.BindingNormalizedNodeSerializer;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.common.YangConstants;
import org.opendaylight.yangtools.yang.data.api.schema.ContainerNode;
import org.opendaylight.yangtools.yang.model.api.stmt.SchemaNodeIdentifier.Absolute;

/**
 * Serves a binding RPC implementation on the DOM RPC router and passes its failures through unchanged.
 *
 * <p>MD-SAL's binding registration reports every failed call as a generic "RPC failed" (HTTP 500 in RESTCONF), and
 * the NETCONF server ignores errors carried by a successful result. A PSP RPC rejects bad input by failing its future
 * with a {@link RequestException}; through this bridge RESTCONF answers with that error (400 for
 * {@code invalid-value}) and NETCONF with an rpc-error holding its message.
 *
 * @param <I> the RPC input
 * @param <O> the RPC output
 */
final class DomRpcBridge<I extends RpcInput, O extends RpcOutput> implements DOMRpcImplementation {
    private final BindingNormalizedNodeSerializer codec;
    private final Rpc<I, O> implementation;
    private final Absolute inputPath;

    private DomRpcBridge(final BindingNormalizedNodeSerializer codec, final QName rpc,
            final Rpc<I, O> implementation) {
        this.codec = requireNonNull(codec);
        this.implementation = requireNonNull(implementation);
        inputPath = Absolute.of(rpc, YangConstants.operationInputQName(rpc.getModule()));
    }

    /**
     * Registers an RPC implementation.
     *
     * @param router the DOM RPC router
     * @param codec the binding codec
     * @param rpc the RPC's name
     * @param implementation its implementation
     * @return the registration, to be closed when the implementation goes away
     */
    static <I extends RpcInput, O extends RpcOutput> Registration register(final DOMRpcProviderService router,
            final BindingNormalizedNodeSerializer codec, final QName rpc, final Rpc<I, O> implementation) {
        return router.registerRpcImplementation(new DomRpcBridge<>(codec, rpc, implementation),
            DOMRpcIdentifier.create(rpc));
    }

    @Override
    public ListenableFuture<DOMRpcResult> invokeRpc(final DOMRpcIdentifier rpc, final ContainerNode input) {
        @SuppressWarnings("unchecked")
        final var bindingInput = (I) codec.fromNormalizedNodeRpcData(inputPath, input);
        return Futures.transform(implementation.invoke(bindingInput),
            result -> result.isSuccessful()
                ? new DefaultDOMRpcResult(codec.toNormalizedNodeRpcData(result.getResult()))
                : new DefaultDOMRpcResult(result.getErrors()),
            MoreExecutors.directExecutor());
    }
}
