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

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;

class OverlayClientTest {
    private final TestBed bed = new TestBed(new CodingParameters(4, 4), 8);
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        bed.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aClientWaitsForTheOverlayThenCommandsItsNodesAndReadsTheCopyOfOneThatIsDown() throws Exception {
        final var bootstrap = new CopyOnWriteArrayList<InetSocketAddress>();
        try (var client = OverlayClient.start(KadConfig.defaults("controller-test", new InetSocketAddress(
                "127.0.0.1", 0), TestBed.KEY), () -> List.copyOf(bootstrap), group)) {
            // No member yet: it says so, rather than finding nothing stored, and keeps trying.
            final var alone = assertThrows(ExecutionException.class, () -> client.read("an-2")
                .get(30, TimeUnit.SECONDS));
            assertEquals("this controller has not joined the overlay yet: no member answered at []",
                alone.getCause().getMessage());
            bed.startAll(10);
            bootstrap.add(bed.agents.get(4).node().contact().address());
            TestBed.waitFor(() -> client.members() >= 8);

            final var owner = bed.agents.get(2);
            final var sessions = new HashSet<>(bed.fill(owner, 120));
            final var state = assertInstanceOf(AgentAnswer.State.class, client.command("an-2",
                new AgentCommand.Status()).get(30, TimeUnit.SECONDS));
            assertEquals(120, state.snapshot().sessionCount());

            // The owner crashes; its copy is still read, through the client alone.
            bed.kill(owner);
            final var read = client.read("an-2").get(60, TimeUnit.SECONDS);
            assertTrue(read.report().complete(), read.report().toString());
            assertEquals(sessions, new HashSet<>(read.sessions()));

            // No member ever lists the client, so nothing is placed on it.
            for (var agent : bed.agents) {
                assertTrue(agent.node().routingTable().find(client.node().id()).isEmpty(), agent.anId());
            }
        }
    }
}
