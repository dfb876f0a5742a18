/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;
import org.psp.store.ReservationCounters;

class AgentCommandsTest {
    private static final CodingParameters CODING = new CodingParameters(4, 4);

    private final TestBed bed = new TestBed(CODING, 8);

    @AfterEach
    void stopTestBed() {
        bed.close();
    }

    @Test
    void everyOperationRunsOnAnotherAccessNodeOverTheOverlay() throws Exception {
        bed.startAll(10);
        final var target = bed.agents.get(0);
        final var sessions = new HashSet<>(bed.fill(target, 200));
        final var via = bed.agents.get(7).node();

        final var state = (AgentAnswer.State) send(via, new AgentCommand.Status());
        assertEquals("an-0", state.snapshot().anId());
        assertEquals(AgentStatus.UP, state.snapshot().status());
        assertEquals(200, state.snapshot().sessionCount());

        final var added = SampleSessions.session(new Random(5), 5_000, Instant.now());
        assertEquals(new AgentAnswer.Count(added.key().segment(8)), send(via, new AgentCommand.AddSession(added)));
        sessions.add(added);
        assertEquals(new AgentAnswer.Stored(1, 0), send(via, new AgentCommand.Store()));
        assertEquals(new AgentAnswer.Count(201), send(via, new AgentCommand.DeleteMemory()));
        assertEquals(0, target.memory().size());
        final var restored = (AgentAnswer.Report) send(via, new AgentCommand.Restore());
        assertTrue(restored.report().complete(), restored.toString());
        assertEquals(sessions, new HashSet<>(target.memory().all()));

        assertEquals(new AgentAnswer.Count(8), send(via, new AgentCommand.Configure(new CodingParameters(3, 2))));
        assertEquals(new CodingParameters(3, 2), target.coding());
        assertEquals(new AgentAnswer.Count(8 * 5), send(via, new AgentCommand.Extend(Duration.ofHours(2))));
        assertEquals(new AgentAnswer.Count(1), send(via, new AgentCommand.RemoveSession(added.key())));
        assertEquals(new AgentAnswer.Count(0), send(via, new AgentCommand.RemoveSession(added.key())));

        assertEquals(new AgentAnswer.Count(8 * 5), send(via, new AgentCommand.Delete()));
        assertEquals(new AgentAnswer.Refused("the copy in the overlay is deleted; undelete or store it first. "
            + "The memory is kept"), send(via, new AgentCommand.DeleteMemory()));
        assertEquals(new AgentAnswer.Count(8 * 5), send(via, new AgentCommand.Undelete()));
    }

    @Test
    void anUnknownAccessNodeOrAMalformedCommandIsAClearError() throws Exception {
        bed.startAll(3);
        final var via = bed.agents.get(1).node();
        final var unknown = assertThrows(ExecutionException.class, () -> AgentCommands.send(via, "an-77",
            new AgentCommand.Status()).get(30, TimeUnit.SECONDS));
        assertEquals("no overlay member has its id", unknown.getCause().getMessage());

        final var target = bed.agents.get(0).node().contact();
        assertEquals(new AgentAnswer.Refused("malformed command: unknown command 99"), AgentAnswer.fromBytes(
            via.command(target, new byte[] {99}).get(30, TimeUnit.SECONDS)));
        assertEquals(new AgentAnswer.Refused("malformed command: truncated command"), AgentAnswer.fromBytes(
            via.command(target, new byte[] {7, 0}).get(30, TimeUnit.SECONDS)));
        assertEquals(new AgentAnswer.Refused("malformed command: data-chunks must be at least 1, was 0"),
            AgentAnswer.fromBytes(via.command(target, new byte[] {7, 0, 0, 0, 1}).get(30, TimeUnit.SECONDS)));
    }

    @Test
    void commandsAndAnswersRoundTrip() {
        final var session = SampleSessions.session(new Random(1), 1, Instant.now());
        for (var command : List.of(new AgentCommand.Status(), new AgentCommand.Store(), new AgentCommand.Restore(),
                new AgentCommand.Delete(), new AgentCommand.Undelete(), new AgentCommand.DeleteMemory(),
                new AgentCommand.Configure(new CodingParameters(10, 6)), new AgentCommand.Extend(Duration.ofDays(1)),
                new AgentCommand.AddSession(session), new AgentCommand.RemoveSession(session.key()),
                new AgentCommand.Sessions(SessionFilter.ALL, 0, 1),
                new AgentCommand.Sessions(new SessionFilter(Optional.of("1/1/7"), Optional.of(session.mac()),
                    session.ipv4().map(ip -> ip)), 20, 10_000),
                new AgentCommand.Sessions(new SessionFilter(Optional.empty(), Optional.empty(),
                    session.ipv6().map(ip -> ip)), 3, 5),
                new AgentCommand.Watch(6633, Duration.ofSeconds(20)))) {
            assertEquals(command, AgentCommand.fromBytes(command.toBytes()));
        }
        final var report = new RecoveryReport(RecoveryReport.Outcome.PARTIAL, 120, 7,
            Map.of(3, "segment 3: unrecoverable: found 2 of 4 needed"), Instant.ofEpochMilli(1_800_000_000_000L),
            Duration.ofMillis(42));
        final var snapshot = new AgentSnapshot("olt-9", NodeId.ofAccessNode("olt-9"), AgentStatus.RECOVERING, 4001,
            5001, 12, 3000, CODING, 77, 1 << 20, 2, new ReservationCounters(1, 2, 3, 4, 5, 6),
            new UsefulnessStatus(Optional.of(0.75), 10, 11, 12, 13, 14, 15), 9,
            new StoreProgress(3, 1, 40, 2, Optional.of(Instant.ofEpochMilli(1_800_000_000_000L)), Optional.empty(),
                "segment 2: no node"),
            Optional.of(report), new CoordinationStatus(new CoordinationCounters(1, 2, 3, 4, 5, 6, 7, 8, 9),
                List.of(new CoordinatedOwner("olt-1", 16, 15, 17, 9, true),
                    new CoordinatedOwner("olt-9", 16, 16, 32, 0, false)),
                List.of(new StripeMargin("olt-1", 4, 77, 17, 16, 32))));
        for (var answer : List.of(new AgentAnswer.Count(12), new AgentAnswer.Stored(3, 1),
                new AgentAnswer.Report(report), new AgentAnswer.State(snapshot), new AgentAnswer.Refused("full"),
                new AgentAnswer.Sessions(40, List.of(session)), new AgentAnswer.Sessions(0, List.of()))) {
            assertEquals(answer, AgentAnswer.fromBytes(answer.toBytes()));
        }
        assertEquals("truncated answer", assertThrows(IllegalArgumentException.class,
            () -> AgentAnswer.fromBytes(new byte[] {4, 0, 5})).getMessage());
        assertInstanceOf(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
            () -> AgentCommand.fromBytes(new byte[] {9, 1, 0, 0, 0, 1})));
    }

    @Test
    void sessionsAreReadAPageAtATimeFilteredByPortMacOrAddress() throws Exception {
        bed.startAll(4);
        final var target = bed.agents.get(0);
        final var sessions = bed.fill(target, 250);
        final var via = bed.agents.get(3).node();
        final var ordered = sessions.stream().sorted(java.util.Comparator.comparing(Session::port)
            .thenComparingLong(session -> session.mac().value())).toList();

        final var pages = new java.util.ArrayList<Session>();
        for (int offset = 0; offset < 250; offset += 100) {
            final var page = (AgentAnswer.Sessions) send(via, new AgentCommand.Sessions(SessionFilter.ALL, offset,
                100));
            assertEquals(250, page.matching());
            pages.addAll(page.sessions());
        }
        assertEquals(ordered, pages, "every session once, in port and MAC order");
        assertEquals(new AgentAnswer.Sessions(250, List.of()), send(via, new AgentCommand.Sessions(SessionFilter.ALL,
            400, 10)));

        final var wanted = sessions.get(77);
        final var byAddress = (AgentAnswer.Sessions) send(via, new AgentCommand.Sessions(new SessionFilter(
            Optional.empty(), Optional.empty(), wanted.ipv4().<java.net.InetAddress>map(ip -> ip)
                .or(() -> wanted.ipv6().map(ip -> ip))), 0, 10));
        assertEquals(List.of(wanted), byAddress.sessions());
        final var byMac = (AgentAnswer.Sessions) send(via, new AgentCommand.Sessions(new SessionFilter(
            Optional.empty(), Optional.of(wanted.mac()), Optional.empty()), 0, 10));
        assertEquals(List.of(wanted), byMac.sessions());
        final var byPort = (AgentAnswer.Sessions) send(via, new AgentCommand.Sessions(new SessionFilter(
            Optional.of(wanted.port()), Optional.empty(), Optional.empty()), 0, 10));
        assertEquals(sessions.stream().filter(session -> session.port().equals(wanted.port())).count(),
            byPort.matching());
        assertTrue(byPort.sessions().contains(wanted));

        assertEquals("limit must be 1 to 10000", assertThrows(IllegalArgumentException.class,
            () -> new AgentCommand.Sessions(SessionFilter.ALL, 0, 10_001)).getMessage());
    }

    private static AgentAnswer send(final org.psp.kad.KadNode via, final AgentCommand command) throws Exception {
        return AgentCommands.send(via, "an-0", command).get(30, TimeUnit.SECONDS);
    }
}
