/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv6AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv6Prefix;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.MacAddress;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindSession;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindSessionInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.Keyword;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.CircuitIdBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Ipv4Builder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Ipv6Builder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Ipv6PrefixBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.MacBuilder;

/**
 * {@code psp:find}: which access node serves an address, an IPv6 /64, a MAC or a circuit-id, through the index.
 */
@Service
@Command(scope = "psp", name = "find", description = "Which access node serves an IPv4 or IPv6 address, an IPv6 /64, "
    + "a MAC or a circuit-id, now or at an instant")
public final class FindCommand extends PspAction {
    private static final List<String> TYPES = List.of("ipv4", "ipv6", "ipv6-prefix", "mac", "circuit-id");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern MAC = Pattern.compile("\\p{XDigit}{2}([:-]\\p{XDigit}{2}){5}");
    private static final Pattern IPV6_PREFIX = Pattern.compile("[\\p{XDigit}:.]*:[\\p{XDigit}:.]*/\\d{1,3}");
    private static final Pattern IPV6 = Pattern.compile("[\\p{XDigit}.]*:[\\p{XDigit}:.]*:[\\p{XDigit}:.]*");

    @Argument(index = 0, name = "value", required = true, description = "The address, /64, MAC or circuit-id")
    private String value;

    @Option(name = "--type", description = "ipv4, ipv6, ipv6-prefix, mac or circuit-id (default: guessed)")
    private String type;

    @Option(name = "--at", description = "The instant, such as 2026-12-01T10:00:00Z (default: now)")
    private String at;

    @Override
    public Object execute() throws InterruptedException {
        final var kind = type != null ? type : guess(value);
        if (!TYPES.contains(kind)) {
            throw new CommandFailure("unknown key type " + kind + "; one of " + String.join(", ", TYPES));
        }
        final var input = new FindSessionInputBuilder().setKeyword(keyword(kind, value));
        if (at != null) {
            input.setAt(argument(() -> new DateAndTime(at), "--at: '" + at + "' is not a date and time"));
        }
        final var output = result(rpcs().getRpc(FindSession.class).invoke(input.build()));
        final var when = at == null ? " now" : " at " + at;
        if (output.nonnullSession().isEmpty()) {
            out().println("no session with " + kind + " " + value + when);
            return null;
        }
        final var table = new ShellTable();
        List.of("AN-ID", "PORT", "MAC", "IPV4", "IPV6", "LEASE-START", "LEASE-END", "CIRCUIT-ID")
            .forEach(table::column);
        for (var session : output.nonnullSession()) {
            table.addRow().addContent(session.getAnId().getValue(), session.getPort(), session.getMac().getValue(),
                session.getIpv4() == null ? "-" : session.getIpv4().getValue(),
                session.getIpv6() == null ? "-" : session.getIpv6().getValue(), session.getLeaseStart().getValue(),
                session.getLeaseEnd().getValue(), session.getCircuitId() == null ? "" : session.getCircuitId());
        }
        table.print(out());
        final int count = output.nonnullSession().size();
        out().println(count + (count == 1 ? " session" : " sessions") + " with " + kind + " " + value + when);
        return null;
    }

    private static String guess(final String text) {
        if (IPV4.matcher(text).matches()) {
            return "ipv4";
        }
        if (MAC.matcher(text).matches()) {
            return "mac";
        }
        if (IPV6_PREFIX.matcher(text).matches()) {
            return "ipv6-prefix";
        }
        return IPV6.matcher(text).matches() ? "ipv6" : "circuit-id";
    }

    private static Keyword keyword(final String kind, final String text) {
        final var wrong = "'" + text + "' is not " + switch (kind) {
            case "ipv4" -> "an IPv4 address";
            case "ipv6" -> "an IPv6 address";
            case "ipv6-prefix" -> "an IPv6 prefix";
            case "mac" -> "a MAC address";
            default -> "a circuit-id";
        };
        return argument(() -> switch (kind) {
            case "ipv4" -> new Ipv4Builder().setIpv4(new Ipv4AddressNoZone(text)).build();
            case "ipv6" -> new Ipv6Builder().setIpv6(new Ipv6AddressNoZone(text)).build();
            case "ipv6-prefix" -> new Ipv6PrefixBuilder().setIpv6Prefix(new Ipv6Prefix(text)).build();
            case "mac" -> new MacBuilder().setMac(new MacAddress(text)).build();
            default -> new CircuitIdBuilder().setCircuitId(text).build();
        }, wrong);
    }

    private static <T> T argument(final Supplier<T> parse, final String wrong) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(wrong, e);
        }
    }
}
