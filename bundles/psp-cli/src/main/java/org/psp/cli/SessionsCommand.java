/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.ArrayList;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.IpAddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv6AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.MacAddress;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Sessions;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.SessionsInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.sessions.output.Session;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;

/**
 * {@code psp:sessions}: an access node's subscriber sessions in its memory, read page by page.
 */
@Service
@Command(scope = "psp", name = "sessions", description = "An access node's subscriber sessions, from its memory")
public final class SessionsCommand extends NodeAction {
    private static final int PAGE = 1000;

    @Option(name = "--port", description = "Only the sessions of this port")
    private String port;

    @Option(name = "--mac", description = "Only the sessions of this MAC address")
    private String mac;

    @Option(name = "--address", description = "Only the session holding this IPv4 or IPv6 address")
    private String address;

    @Override
    public Object execute() throws InterruptedException {
        final var filter = new SessionsInputBuilder().setAnId(node()).setPort(port)
            .setMac(mac == null ? null : macAddress(mac)).setAddress(address == null ? null : ipAddress(address))
            .setLimit(Uint16.valueOf(PAGE));
        final var sessions = new ArrayList<Session>();
        long offset = 0;
        long matching;
        do {
            final var page = result(rpcs().getRpc(Sessions.class).invoke(filter.setOffset(Uint32.valueOf(offset))
                .build()));
            sessions.addAll(page.nonnullSession());
            matching = page.getMatching() == null ? 0 : page.getMatching().toJava();
            offset += PAGE;
        } while (offset < matching);
        SessionTable.print(sessions, out());
        out().println(sessions.size() + (sessions.size() == 1 ? " session" : " sessions"));
        return null;
    }

    private static MacAddress macAddress(final String text) {
        try {
            return new MacAddress(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--mac: '" + text + "' is not a MAC address (like 02:00:00:00:00:01)", e);
        }
    }

    private static IpAddressNoZone ipAddress(final String text) {
        try {
            return text.indexOf(':') >= 0 ? new IpAddressNoZone(new Ipv6AddressNoZone(text))
                : new IpAddressNoZone(new Ipv4AddressNoZone(text));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--address: '" + text + "' is not an IPv4 or IPv6 address", e);
        }
    }
}
