/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.Comparator;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindHolders;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindHoldersInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.holders.output.stored.object.Holder;

/**
 * {@code psp:holders}: where the chunks of a stored segment are, by its content hash.
 */
@Service
@Command(scope = "psp", name = "holders", description = "Where the chunks of a stored segment are, by its content "
    + "hash (psp:lookup --segments lists them)")
public final class HoldersCommand extends PspAction {
    @Argument(index = 0, name = "content-hash", required = true, description = "The segment's SHA-256, hex")
    private String contentHash;

    @Override
    public Object execute() throws InterruptedException {
        final var input = new FindHoldersInputBuilder();
        try {
            input.setContentHash(contentHash);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("content-hash must be a SHA-256 in 64 hexadecimal digits", e);
        }
        final var output = result(rpcs().getRpc(FindHolders.class).invoke(input.build()));
        if (output.nonnullStoredObject().isEmpty()) {
            out().println("no stored object with content hash " + contentHash);
            return null;
        }
        for (var stored : output.nonnullStoredObject().values()) {
            out().println(stored.getOwner().getValue() + " segment " + stored.getSegment() + " generation "
                + stored.getGeneration() + ", " + stored.getDataChunks().getValue() + "+"
                + stored.getCodingChunks().getValue() + " chunks:");
            final var table = new ShellTable();
            table.column("CHUNK");
            table.column("HOLDER");
            table.column("NODE-ID");
            stored.nonnullHolder().values().stream().sorted(Comparator.comparing(Holder::getChunk)).forEach(holder ->
                table.addRow().addContent(holder.getChunk(), holder.getAnId() == null ? "?"
                    : holder.getAnId().getValue(), holder.getNodeId()));
            table.print(out());
        }
        return null;
    }
}
