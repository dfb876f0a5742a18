/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RecoveryReport;

/**
 * {@code psp:nodes}: the access nodes this controller hosts or watches, from its state.
 */
@Service
@Command(scope = "psp", name = "nodes", description = "The access nodes: status, sessions, chunks held for others, "
    + "store progress, last recovery")
public final class NodesCommand extends PspAction {
    private static final List<String> COLUMNS = List.of("AN-ID", "WHERE", "STATUS", "SESSIONS", "CONTACTS", "CODING",
        "CHUNKS-HELD", "BYTES-HELD", "PENDING", "LAST-RECOVERY");

    @Reference
    private DataBroker dataBroker;

    @Override
    public Object execute() throws InterruptedException {
        final var nodes = AccessNetworkState.accessNodes(dataBroker, 30).stream()
            .sorted(Comparator.comparing(node -> node.getAnId().getValue())).toList();
        if (nodes.isEmpty()) {
            out().println("no access nodes");
            return null;
        }
        final var table = new ShellTable();
        COLUMNS.forEach(table::column);
        for (var node : nodes) {
            final var progress = node.getStoreProgress();
            table.addRow().addContent(node.getAnId().getValue(),
                Boolean.FALSE.equals(node.getHosted()) ? "remote" : "hosted",
                text(node.getStatus() == null ? null : node.getStatus().getName())
                    + (node.getError() == null ? "" : " (" + node.getError() + ")"),
                text(node.getSessionCount()), text(node.getRoutingTableSize()),
                node.getDataChunks() == null ? "-" : node.getDataChunks().getValue() + "+"
                    + node.getCodingChunks().getValue(),
                text(node.getStoredChunks()), text(node.getStoredBytes()),
                text(progress == null ? null : progress.getPendingSegments()), recovery(node.getLastRecovery()));
        }
        table.print(out());
        return null;
    }

    private static String text(final Object value) {
        return value == null ? "-" : value.toString();
    }

    static String recovery(final RecoveryReport report) {
        return report == null || report.getOutcome() == null ? "-" : report.getOutcome().getName() + ", "
            + text(report.getSessionCount()) + " sessions in " + text(report.getDurationMs()) + " ms";
    }
}
