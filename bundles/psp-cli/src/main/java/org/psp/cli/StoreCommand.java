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
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Store;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.StoreInputBuilder;

/**
 * {@code psp:store}: stores an access node's changes now.
 */
@Service
@Command(scope = "psp", name = "store", description = "Store an access node's changes now")
public final class StoreCommand extends NodeAction {
    @Override
    public Object execute() throws InterruptedException {
        final var output = result(rpcs().getRpc(Store.class).invoke(new StoreInputBuilder().setAnId(node())
            .build()));
        out().println(output.getSegmentsStored() + " segments stored, " + output.getPendingSegments() + " waiting");
        return null;
    }
}
