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
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Delete;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteInputBuilder;

/**
 * {@code psp:delete}: deletes an access node's copy in the overlay; undelete brings it back within the grace period.
 */
@Service
@Command(scope = "psp", name = "delete", description = "Delete an access node's copy in the overlay (psp:undelete "
    + "brings it back within the grace period)")
public final class DeleteCommand extends NodeAction {
    @Override
    public Object execute() throws InterruptedException {
        final var output = result(rpcs().getRpc(Delete.class).invoke(new DeleteInputBuilder().setAnId(node())
            .build()));
        out().println(output.getChunksDeleted() + " chunks deleted; psp:undelete " + node().getValue()
            + " brings them back within the grace period");
        return null;
    }
}
