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
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261128.AccessNetwork;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;

/**
 * Completes AN ids: the access nodes this controller hosts or watches, as its state lists them.
 */
@Service
public final class AnIdCompleter implements Completer {
    private static final DataObjectIdentifier<AccessNetwork> STATE = DataObjectIdentifier.builder(AccessNetwork.class)
        .build();

    @Reference
    private DataBroker dataBroker;

    @Override
    public int complete(final Session session, final CommandLine commandLine, final List<String> candidates) {
        return new StringsCompleter(anIds()).complete(session, commandLine, candidates);
    }

    private List<String> anIds() {
        try (var read = dataBroker.newReadOnlyTransaction()) {
            return read.read(LogicalDatastoreType.OPERATIONAL, STATE).get(5, TimeUnit.SECONDS)
                .map(network -> network.nonnullAccessNode().keySet().stream().map(key -> key.getAnId().getValue())
                    .sorted().toList())
                .orElse(List.of());
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
