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
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Configure;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.ConfigureInputBuilder;

/**
 * {@code psp:configure}: encodes an access node's data again with other coding parameters.
 */
@Service
@Command(scope = "psp", name = "configure", description = "Encode an access node's data again with M data and K "
    + "coding chunks")
public final class ConfigureCommand extends NodeAction {
    @Argument(index = 1, name = "m", required = true, description = "Data chunks per stripe, 1 to 128")
    private String dataChunksArgument;

    @Argument(index = 2, name = "k", required = true, description = "Coding chunks per stripe, 0 to 128")
    private String codingChunksArgument;

    @Override
    public Object execute() throws InterruptedException {
        final var m = dataChunks(dataChunksArgument);
        final var k = codingChunks(codingChunksArgument);
        final var output = result(rpcs().getRpc(Configure.class).invoke(new ConfigureInputBuilder().setAnId(node())
            .setDataChunks(m).setCodingChunks(k).build()));
        out().println(output.getSegmentsEncoded() + " segments encoded as " + m.getValue() + "+" + k.getValue());
        return null;
    }
}
