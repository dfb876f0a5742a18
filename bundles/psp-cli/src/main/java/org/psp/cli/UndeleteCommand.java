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
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Undelete;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.UndeleteInputBuilder;

/**
 * {@code psp:undelete}: brings back the copy that psp:delete deleted.
 */
@Service
@Command(scope = "psp", name = "undelete", description = "Bring back an access node's deleted copy")
public final class UndeleteCommand extends NodeAction {
    @Override
    public Object execute() throws InterruptedException {
        final var output = result(rpcs().getRpc(Undelete.class).invoke(new UndeleteInputBuilder().setAnId(node())
            .build()));
        out().println(output.getChunksRestored() + " chunks brought back");
        return null;
    }
}
