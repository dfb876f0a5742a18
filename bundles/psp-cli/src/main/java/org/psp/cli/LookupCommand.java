/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.Comparator;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Lookup;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.LookupInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.lookup.output.StoredSegment;

/**
 * {@code psp:lookup}: reads an access node's sessions back from the overlay, and into its memory with
 * {@code --restore}.
 */
@Service
@Command(scope = "psp", name = "lookup", description = "Read an access node's sessions back from the overlay")
public final class LookupCommand extends NodeAction {
    @Option(name = "--restore", description = "Also put them into the node's memory")
    private boolean restore;

    @Option(name = "--segments", description = "List the segments' content hashes instead of the sessions")
    private boolean segments;

    @Override
    public Object execute() throws InterruptedException {
        final var output = result(rpcs().getRpc(Lookup.class).invoke(new LookupInputBuilder().setAnId(node())
            .setRestore(restore ? Boolean.TRUE : null).build()));
        if (segments) {
            final var table = new ShellTable();
            table.column("SEGMENT");
            table.column("GENERATION");
            table.column("CONTENT-HASH");
            output.nonnullStoredSegment().values().stream().sorted(Comparator.comparing(StoredSegment::getSegment))
                .forEach(segment -> table.addRow().addContent(segment.getSegment(), segment.getGeneration(),
                    segment.getContentHash()));
            table.print(out());
        } else if (!output.nonnullSession().isEmpty()) {
            SessionTable.print(output.nonnullSession().values(), out());
        }
        out().println(output.getOutcome().getName() + ": " + output.getSessionCount() + " sessions in "
            + output.getSegments() + " segments, " + output.getDurationMs() + " ms"
            + (restore ? ", restored into memory" : ""));
        output.nonnullUnrecoverableSegment().values().forEach(lost -> out().println("  lost "
            + lost.getReason()));
        return null;
    }
}
