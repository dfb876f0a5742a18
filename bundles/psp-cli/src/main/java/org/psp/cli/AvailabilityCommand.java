/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.math.BigDecimal;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Availability;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.OpenProbability;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.Uint16;

/**
 * {@code psp:availability}: the availability planner: data availability of m + k coding at a node availability,
 * the replication that matches it, and the fewest coding chunks for a target.
 */
@Service
@Command(scope = "psp", name = "availability", description = "Plan: data availability of M + K coding at node "
    + "availability PN")
public final class AvailabilityCommand extends PspAction {
    private static final List<String> COLUMNS = List.of("M+K", "NODES", "AVAILABILITY", "UNAVAILABILITY", "NINES",
        "OVERHEAD", "REPLICATION-COPIES");

    @Argument(index = 0, name = "pn", required = true, description = "Node availability, between 0 and 1")
    private String nodeAvailability;

    @Argument(index = 1, name = "m", description = "Data chunks (default: the controller's coding)")
    private String dataChunksArgument;

    @Argument(index = 2, name = "k", description = "Coding chunks (default: the controller's coding)")
    private String codingChunksArgument;

    @Option(name = "--target", description = "A target data availability, such as 0.99999")
    private String target;

    @Option(name = "--nodes", description = "The nodes that hold the chunks, when fewer than M + K (default: M + K)")
    private String holderNodes;

    @Override
    public Object execute() throws InterruptedException {
        if ((dataChunksArgument == null) != (codingChunksArgument == null)) {
            throw new CommandFailure("availability takes PN, or PN M K, and optionally --target T");
        }
        final var input = new AvailabilityInputBuilder().setNodeAvailability(probability(nodeAvailability));
        if (target != null) {
            input.setTargetAvailability(probability(target));
        }
        if (holderNodes != null) {
            input.setHolderNodes(holderNodes(holderNodes));
        }
        if (dataChunksArgument != null) {
            input.setDataChunks(dataChunks(dataChunksArgument)).setCodingChunks(codingChunks(codingChunksArgument));
        }
        final var output = result(rpcs().getRpc(Availability.class).invoke(input.build()));
        final var table = new ShellTable();
        COLUMNS.forEach(table::column);
        table.addRow().addContent(output.getDataChunks().getValue() + "+" + output.getCodingChunks().getValue(),
            output.getHolderNodes(), output.getAvailability().getValue(), output.getUnavailability().getValue(),
            output.getNines(), output.getStorageOverhead(), output.getReplicationCopies());
        table.print(out());
        if (target != null) {
            final var fewest = output.getCodingChunksForTarget();
            out().println("target " + target + ": " + (fewest == null
                ? "no coding reaches it with these data chunks" : fewest + " coding chunks"));
        }
        return null;
    }

    private static Uint16 holderNodes(final String text) {
        final long count = number(text, "N");
        if (count < 1 || count > 65_535) {
            throw new CommandFailure("holder-nodes must be 1 to 65535");
        }
        return Uint16.valueOf(count);
    }

    private static OpenProbability probability(final String text) {
        final BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new CommandFailure("a probability must be a decimal number, not '" + text + "'", e);
        }
        if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0 || value.scale() > 18) {
            throw new CommandFailure("a probability must be strictly between 0 and 1");
        }
        return new OpenProbability(Decimal64.valueOf(value.setScale(18)));
    }
}
