/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.mdsal.dom.api.DOMRpcProviderService;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Availability;
import org.opendaylight.yangtools.binding.data.codec.api.BindingNormalizedNodeSerializer;
import org.opendaylight.yangtools.concepts.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ReedSolomon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PSP's MD-SAL provider: follows the configuration in {@code /psp:psp}, hosts the access nodes configured there,
 * publishes their state and notifications, and implements the {@code psp} RPCs.
 */
@Component(service = {})
public final class PspNorthbound implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PspNorthbound.class);

    private final HostedAccessNetwork network;
    private final AccessNetworkState state;
    private final Registration rpcs;
    private final Registration operations;
    private final Registration indexOperations;

    /**
     * Starts the provider.
     *
     * @param dataBroker the data broker holding PSP's configuration
     * @param rpcRouter where PSP's RPCs are registered
     * @param codec the binding codec that translates RPC input and output
     * @param notifications where PSP's notifications are published
     */
    @Activate
    public PspNorthbound(@Reference final DataBroker dataBroker, @Reference final DOMRpcProviderService rpcRouter,
            @Reference final BindingNormalizedNodeSerializer codec,
            @Reference final NotificationPublishService notifications) {
        final var published = new Notifications(notifications);
        network = new HostedAccessNetwork(dataBroker, published);
        state = new AccessNetworkState(dataBroker, network, published);
        rpcs = DomRpcBridge.register(rpcRouter, codec, Availability.QNAME, new AvailabilityRpc(network::coding));
        operations = new AccessNodeOperations(network).register(rpcRouter, codec);
        indexOperations = new IndexOperations(network).register(rpcRouter, codec);
        LOG.info("PSP northbound started, Reed-Solomon kernel {}",
            ReedSolomon.of(CodingParameters.DEFAULT).kernelName());
    }

    @Override
    @Deactivate
    public void close() {
        indexOperations.close();
        operations.close();
        rpcs.close();
        state.close();
        network.close();
        LOG.info("PSP northbound stopped");
    }
}
