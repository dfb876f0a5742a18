/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Extend;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.ExtendInputBuilder;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * {@code psp:extend}: extends the storing time of every chunk of an access node's copy.
 */
@Service
@Command(scope = "psp", name = "extend", description = "Extend the storing time of an access node's chunks")
public final class ExtendCommand extends NodeAction {
    @Argument(index = 1, name = "seconds", required = true, description = "The storing time from now, at least 3 s")
    private String seconds;

    @Override
    public Object execute() throws InterruptedException {
        final long storingTime = number(seconds, "SECONDS");
        if (storingTime < 3 || storingTime > Uint32.MAX_VALUE.toJava()) {
            throw new CommandFailure("storing-time-seconds must be at least 3");
        }
        final var output = result(rpcs().getRpc(Extend.class).invoke(new ExtendInputBuilder().setAnId(node())
            .setStoringTimeSeconds(Uint32.valueOf(storingTime)).build()));
        out().println(output.getChunksExtended() + " chunks kept for " + storingTime + " s more");
        return null;
    }
}
