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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.Contact;
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
        try (var client = startClient(() -> List.copyOf(bootstrap))) {
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

    @Test
    void aWatchedNodePushesItsStateAsItChangesUntilTheWatchEnds() throws Exception {
        bed.startAll(6);
        try (var client = startClient(() -> List.of(bed.agents.get(0).node().contact().address()))) {
            TestBed.waitFor(() -> client.members() >= 5);
            final var pushed = new LinkedBlockingQueue<AgentSnapshot>();
            final var watching = new AtomicBoolean(true);
            client.onStatePushed(state -> {
                // Decided before the push is seen, so that a push the test takes is answered as watched.
                final boolean still = watching.get();
                pushed.add(state);
                return still;
            });
            final var owner = bed.agents.get(3);
            final var now = client.watch("an-3", Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS);
            assertEquals(new AgentSnapshot("an-3", owner.node().id(), AgentStatus.UP, now.udpPort(), now.tcpPort(),
                now.routingTableSize(), 0, owner.coding(), now.storedChunks(), now.storedBytes(), 0,
                now.reservations(), now.usefulness(), now.manifestGeneration(), now.progress(), now.lastRecovery(),
                now.coordination()), now);

            // Its changes arrive without being asked, up to the stored state.
            bed.fill(owner, 10);
            assertEquals(10, awaitPush(pushed, state -> state.sessionCount() == 10
                && state.progress().pendingSegments() == 0).sessionCount());

            // A client that no longer watches says so at the next push, and the agent stops pushing.
            watching.set(false);
            owner.memory().apply(new SessionEvent.Granted(SampleSessions.session(new Random(3), 99, Instant.now())));
            TestBed.waitFor(() -> !owner.watched().join());
            assertNotNull(pushed.poll(), "the change was pushed");

            // A lease that is not renewed ends.
            watching.set(true);
            assertEquals(11, client.watch("an-3", Duration.ofSeconds(1)).get(30, TimeUnit.SECONDS).sessionCount());
            assertTrue(owner.watched().get(30, TimeUnit.SECONDS));
            TestBed.waitFor(() -> !owner.watched().join());
        }
    }

    @Test
    void aWatchedNodeThatCameBackOnOtherPortsIsWatchedThere() throws Exception {
        bed.startAll(6);
        try (var client = startClient(() -> List.of(bed.agents.get(0).node().contact().address()))) {
            TestBed.waitFor(() -> client.members() >= 5);
            final var before = client.watch("an-3", Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS);
            final var old = bed.agents.get(3);
            assertTrue(client.node().routingTable().find(old.node().id()).isPresent());

            // It restarts on new ports; it never talks to the client, which still lists it at the old ones.
            old.stop();
            bed.agents.remove(old);
            final var back = bed.start("an-3");
            assertNotEquals(before.tcpPort(), back.node().contact().tcpPort());
            assertEquals(old.node().contact(), client.node().routingTable().find(old.node().id()).orElseThrow());

            final var now = client.watch("an-3", Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS);
            assertEquals(back.node().contact().tcpPort(), now.tcpPort());
            assertTrue(back.watched().get(30, TimeUnit.SECONDS), "the new agent pushes to the client");
        }
    }

    @Test
    void aClientTakesOnlyANodesOwnStateAndAWatchOfAnUnknownNodeFails() throws Exception {
        bed.startAll(4);
        try (var client = startClient(() -> List.of(bed.agents.get(0).node().contact().address()))) {
            TestBed.waitFor(() -> client.members() >= 3);
            final var heard = new LinkedBlockingQueue<AgentSnapshot>();
            client.onStatePushed(heard::add);
            final var impostor = bed.agents.get(1);
            final var clientPort = new Contact(client.node().id(), new InetSocketAddress("127.0.0.1", 0),
                client.node().commandPort());
            final var othersState = new AgentAnswer.State(AgentSnapshot.of(bed.agents.get(2)));
            assertEquals(new AgentAnswer.Refused("a node pushes only its own state"), AgentAnswer.fromBytes(
                impostor.node().command(clientPort, othersState.toBytes()).get(30, TimeUnit.SECONDS)));
            assertEquals(new AgentAnswer.Refused("a client takes only pushed states"), AgentAnswer.fromBytes(
                impostor.node().command(clientPort, new AgentAnswer.Count(1).toBytes()).get(30, TimeUnit.SECONDS)));
            assertTrue(heard.isEmpty());

            final var unknown = assertThrows(ExecutionException.class, () -> client.watch("an-77",
                Duration.ofMinutes(1)).get(30, TimeUnit.SECONDS));
            assertEquals("no overlay member has its id", unknown.getCause().getMessage());
        }
    }

    private OverlayClient startClient(final Supplier<List<InetSocketAddress>> bootstrap) throws InterruptedException {
        return OverlayClient.start(KadConfig.defaults("controller-test", new InetSocketAddress("127.0.0.1", 0),
            TestBed.KEY), bootstrap, group);
    }

    private static AgentSnapshot awaitPush(final BlockingQueue<AgentSnapshot> pushed,
            final Predicate<AgentSnapshot> wanted) throws InterruptedException {
        while (true) {
            final var state = pushed.poll(30, TimeUnit.SECONDS);
            assertNotNull(state, "no push within 30 s");
            if (wanted.test(state)) {
                return state;
            }
        }
    }
}
