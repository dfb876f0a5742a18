/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.opendaylight.mdsal.binding.api.DataBroker;

/**
 * Completes AN ids: the access nodes this controller hosts or watches, as its state lists them.
 */
@Service
public final class AnIdCompleter implements Completer {
    @Reference
    private DataBroker dataBroker;

    @Override
    public int complete(final Session session, final CommandLine commandLine, final List<String> candidates) {
        return new StringsCompleter(anIds()).complete(session, commandLine, candidates);
    }

    private List<String> anIds() {
        try {
            return AccessNetworkState.accessNodes(dataBroker, 5).stream().map(node -> node.getAnId().getValue())
                .sorted().toList();
        } catch (CommandFailure e) {
            // Nothing to offer: completion stays silent rather than printing into the line being typed.
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }
}
