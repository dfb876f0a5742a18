/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteMemory;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteMemoryInputBuilder;

/**
 * {@code psp:delete-memory}: forgets an access node's sessions in memory; the overlay keeps them.
 */
@Service
@Command(scope = "psp", name = "delete-memory", description = "Forget an access node's sessions in memory; the "
    + "overlay keeps them")
public final class DeleteMemoryCommand extends NodeAction {
    @Override
    public Object execute() throws InterruptedException {
        final var output = result(rpcs().getRpc(DeleteMemory.class).invoke(new DeleteMemoryInputBuilder()
            .setAnId(node()).build()));
        out().println(output.getSessionsForgotten() + " sessions forgotten; psp:lookup --restore "
            + node().getValue() + " brings them back");
        return null;
    }
}
