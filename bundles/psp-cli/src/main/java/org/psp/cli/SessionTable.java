/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionData;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionKey;

/**
 * Prints subscriber sessions as a table, ordered by port and MAC.
 */
final class SessionTable {
    private static final List<String> COLUMNS = List.of("PORT", "MAC", "IPV4", "IPV6", "LEASE-EXPIRY", "S/C-VLAN",
        "CIRCUIT-ID");

    private SessionTable() {
        // static only
    }

    static <S extends SessionKey & SessionData> void print(final Collection<S> sessions, final PrintStream out) {
        final var table = new ShellTable();
        COLUMNS.forEach(table::column);
        sessions.stream().sorted(Comparator.<S, String>comparing(SessionKey::getPort)
                .thenComparing(session -> session.getMac().getValue()))
            .forEach(session -> table.addRow().addContent(session.getPort(), session.getMac().getValue(),
                session.getIpv4() == null ? "-" : session.getIpv4().getValue(),
                session.getIpv6() == null ? "-" : session.getIpv6().getValue(),
                session.getLeaseExpiry() == null ? "-" : session.getLeaseExpiry().getValue(),
                vlan(session.getOuterVlan()) + "/" + vlan(session.getInnerVlan()),
                session.getCircuitId() == null ? "" : session.getCircuitId()));
        table.print(out);
    }

    private static String vlan(final Object id) {
        return id == null ? "0" : id.toString();
    }
}
