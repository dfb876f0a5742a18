/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AccessNetwork;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.AccessNode;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;

/**
 * Reads the access nodes the controller hosts or watches from its state, {@code /psp:access-network}.
 */
final class AccessNetworkState {
    private static final DataObjectIdentifier<AccessNetwork> PATH = DataObjectIdentifier.builder(AccessNetwork.class)
        .build();

    private AccessNetworkState() {
        // static only
    }

    /**
     * Reads the access nodes.
     *
     * @param dataBroker the data broker
     * @param timeoutSeconds how long to wait for the read
     * @return the nodes, in no order; empty when there is no state
     * @throws CommandFailure if the state cannot be read in time
     * @throws InterruptedException if interrupted
     */
    static List<AccessNode> accessNodes(final DataBroker dataBroker, final long timeoutSeconds)
            throws InterruptedException {
        try (var read = dataBroker.newReadOnlyTransaction()) {
            return read.read(LogicalDatastoreType.OPERATIONAL, PATH).get(timeoutSeconds, TimeUnit.SECONDS)
                .map(network -> List.copyOf(network.nonnullAccessNode().values())).orElse(List.of());
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure("the state cannot be read: " + e.getMessage(), e);
        }
    }
}
