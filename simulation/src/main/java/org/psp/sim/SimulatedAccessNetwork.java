/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.UnaryOperator;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentConfig;
import org.psp.agent.RecoveryReport;
import org.psp.agent.SampleSessions;
import org.psp.agent.SessionEvent;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;
import org.psp.kad.NodeId;

/**
 * An access network of PSP agents in virtual time: the production {@link AccessNodeAgent} (with its Kad node, chunk
 * store and Reed-Solomon coding) on every simulated host, Reed-Solomon coding run inline. Access node {@code i} is
 * {@code an-i} on host {@link SimulatedNetwork#host(int) 10.x.y.z}. It starts, crashes and restarts access nodes
 * and injects faults; everything runs on the caller's thread as {@link VirtualTime} advances.
 */
public final class SimulatedAccessNetwork {
    /** The overlay key of every simulated access network. */
    static final byte[] OVERLAY_KEY = "psp simulated access network 000".getBytes(StandardCharsets.US_ASCII);
    /** Members a starting node is given to join through. */
    private static final int BOOTSTRAP_CONTACTS = 3;

    private final VirtualTime time;
    private final TraceDigest trace;
    private final SimulatedNetwork network;
    private final SplittableRandom random;
    private final CodingParameters coding;
    private final int sessionsPerNode;
    private final UnaryOperator<AgentConfig> settings;
    private final AccessNodeAgent[] agents;
    private final int[] expectedSessions;
    private final List<Consumer<Recovery>> recoveryListeners = new ArrayList<>();
    private final Map<NodeId, Integer> indexes = new HashMap<>();
    private int live;

    /**
     * The outcome of one access node's start after a crash.
     *
     * @param node the access node's index
     * @param expected the sessions it held when it crashed
     * @param report what its recovery found, empty if the start failed
     */
    public record Recovery(int node, int expected, Optional<RecoveryReport> report) {
        /**
         * Tells whether every session came back.
         *
         * @return true if the recovery was complete and found all sessions
         */
        public boolean complete() {
            return report.filter(RecoveryReport::complete).filter(found -> found.sessions() == expected).isPresent();
        }
    }

    /**
     * Creates an access network of nodes that are all down.
     *
     * @param nodes how many access nodes
     * @param sessionsPerNode sample sessions each node holds
     * @param coding the Reed-Solomon m and k of every node
     * @param links the network's links
     * @param seed the seed of every random choice of the run
     */
    public SimulatedAccessNetwork(final int nodes, final int sessionsPerNode, final CodingParameters coding,
            final LinkModel links, final long seed) {
        this(nodes, sessionsPerNode, coding, links, seed, UnaryOperator.identity());
    }

    /**
     * Creates an access network of nodes that are all down, whose agents run with settings other than PSP's
     * defaults.
     *
     * @param nodes how many access nodes
     * @param sessionsPerNode sample sessions each node holds
     * @param coding the Reed-Solomon m and k of every node
     * @param links the network's links
     * @param seed the seed of every random choice of the run
     * @param settings changes the defaults of every node's agent settings
     */
    public SimulatedAccessNetwork(final int nodes, final int sessionsPerNode, final CodingParameters coding,
            final LinkModel links, final long seed, final UnaryOperator<AgentConfig> settings) {
        this.settings = requireNonNull(settings);
        if (nodes < 1) {
            throw new IllegalArgumentException("at least one access node");
        }
        trace = new TraceDigest();
        time = new VirtualTime(trace);
        network = new SimulatedNetwork(time, trace, links, seed);
        // Split, not seeded with a multiple of SplittableRandom's own increment: the runs of seeds s and s + 1 would
        // draw the same numbers one step apart.
        random = new SplittableRandom(seed).split();
        this.coding = requireNonNull(coding);
        this.sessionsPerNode = sessionsPerNode;
        agents = new AccessNodeAgent[nodes];
        expectedSessions = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            indexes.put(nodeId(node), node);
        }
    }

    /**
     * Returns the virtual time of the run.
     *
     * @return the time
     */
    public VirtualTime time() {
        return time;
    }

    /**
     * Returns the digest of the run's trace so far.
     *
     * @return the digest
     */
    public String digest() {
        return trace.value();
    }

    /**
     * Returns the simulated network.
     *
     * @return the network
     */
    public SimulatedNetwork network() {
        return network;
    }

    /**
     * Returns the run's randomness, for scenarios that choose nodes.
     *
     * @return the generator
     */
    public SplittableRandom random() {
        return random;
    }

    /**
     * Returns how many access nodes there are, up or down.
     *
     * @return the count
     */
    public int size() {
        return agents.length;
    }

    /**
     * Returns how many access nodes are up.
     *
     * @return the count
     */
    public int live() {
        return live;
    }

    /**
     * Returns the agent of an access node that is up.
     *
     * @param node its index
     * @return its agent, or empty if it is down
     */
    public Optional<AccessNodeAgent> agent(final int node) {
        return Optional.ofNullable(agents[node]);
    }

    /**
     * Returns the id of an access node.
     *
     * @param node its index
     * @return {@code an-<index>}
     */
    public static String anId(final int node) {
        return "an-" + node;
    }

    /**
     * Returns the overlay id of an access node.
     *
     * @param node its index
     * @return its Kad node id
     */
    public static NodeId nodeId(final int node) {
        return NodeId.ofAccessNode(anId(node));
    }

    /**
     * Returns the overlay key of every simulated access network, for nodes that join one.
     *
     * @return a copy of the key
     */
    public static byte[] overlayKey() {
        return OVERLAY_KEY.clone();
    }

    /**
     * Returns the access node of an overlay id.
     *
     * @param id the id
     * @return its index, or empty if no access node of this network has it
     */
    public Optional<Integer> indexOf(final NodeId id) {
        return Optional.ofNullable(indexes.get(id));
    }

    /**
     * Has every recovery told to a listener.
     *
     * @param listener the listener
     */
    public void onRecovery(final Consumer<Recovery> listener) {
        recoveryListeners.add(requireNonNull(listener));
    }

    /**
     * Starts an access node for the first time, joining through a few live nodes. It holds no session until it is
     * {@linkplain #grantSessions(int) granted} some.
     *
     * @param node its index
     * @return completes when it is up
     */
    public CompletableFuture<?> startFresh(final int node) {
        return launch(node).start(bootstrap(node));
    }

    /**
     * Grants an access node that is up its sample sessions; it stores them within a store interval.
     *
     * @param node its index
     */
    public void grantSessions(final int node) {
        final var agent = agents[node];
        SampleSessions.of(agent.anId(), sessionsPerNode, time.instant())
            .forEach(session -> agent.memory().apply(new SessionEvent.Granted(session)));
        expectedSessions[node] = agent.memory().size();
    }

    /**
     * Starts every access node, one every join gap, grants each its sessions half a minute after its start, and runs
     * until every node has stored them (or an hour of virtual time has passed).
     *
     * @param joinGap the time between two starts
     * @return true if every node stored everything
     */
    public boolean startAllAndStore(final Duration joinGap) {
        final long grantDelay = TimeUnit.SECONDS.toNanos(30);
        for (int node = 0; node < agents.length; node++) {
            final int joining = node;
            final long startsAt = time.nanoTime() + joinGap.toNanos() * node;
            time.schedule(() -> startFresh(joining), startsAt - time.nanoTime(), TimeUnit.NANOSECONDS);
            time.schedule(() -> grantSessions(joining), startsAt + grantDelay - time.nanoTime(),
                TimeUnit.NANOSECONDS);
        }
        time.runUntil(time.nanoTime() + joinGap.toNanos() * agents.length + grantDelay);
        final long deadline = time.nanoTime() + TimeUnit.HOURS.toNanos(1);
        while (!allStored()) {
            if (time.nanoTime() >= deadline) {
                return false;
            }
            time.runUntil(time.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        }
        return true;
    }

    private boolean allStored() {
        for (var agent : agents) {
            if (agent != null && !storedEverything(agent)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells whether an agent has stored every change of its memory: nothing changed since, nothing waiting or being
     * stored.
     *
     * @param agent the agent
     * @return true if it has
     */
    public static boolean storedEverything(final AccessNodeAgent agent) {
        final var progress = agent.progress();
        return progress.pendingSegments() == 0 && progress.storingSegments() == 0 && agent.memory().dirtyCount() == 0;
    }

    /**
     * Replaces an access node, as churn does: a random live node that may leave crashes, and a random node that is
     * down and may join starts afresh, with an empty memory. Some live node must be allowed to leave and some node
     * that is down to join.
     *
     * @param mayLeave which nodes may leave
     * @param mayJoin which nodes may join
     * @return the node that left
     */
    public int replaceOne(final IntPredicate mayLeave, final IntPredicate mayJoin) {
        int leaving;
        do {
            leaving = randomLive();
        } while (!mayLeave.test(leaving));
        crash(leaving);
        int joining;
        do {
            joining = randomDown();
        } while (!mayJoin.test(joining));
        startFresh(joining);
        return leaving;
    }

    /**
     * Crashes an access node: its process and its memory are gone, its peers learn of it by silence.
     *
     * @param node its index
     */
    public void crash(final int node) {
        final var agent = agents[node];
        if (agent == null) {
            return;
        }
        expectedSessions[node] = agent.memory().size();
        agent.close();
        agents[node] = null;
        live--;
    }

    /**
     * Crashes the nodes that hold chunks of one of an owner's segments, as its manifest names them: the first
     * {@code count} distinct holders other than the owner, in chunk order.
     *
     * @param owner the owner, which must be up
     * @param segment the segment
     * @param count how many holders
     * @return the nodes crashed
     * @throws IllegalArgumentException if the owner is down, has not stored the segment or it has fewer holders
     */
    public List<Integer> crashHolders(final int owner, final int segment, final int count) {
        final var version = agent(owner).map(agent -> agent.versions().get(segment)).orElseThrow(() ->
            new IllegalArgumentException(anId(owner) + " is down or has not stored segment " + segment));
        final var holders = version.holders().stream().map(indexes::get).filter(Objects::nonNull)
            .filter(node -> node != owner).distinct().limit(count).toList();
        if (holders.size() < count) {
            throw new IllegalArgumentException("segment " + segment + " of " + anId(owner) + " has "
                + holders.size() + " holders besides its owner, not " + count);
        }
        holders.forEach(this::crash);
        return holders;
    }

    /**
     * Starts an access node that crashed, with an empty memory: it joins and recovers its sessions from the overlay.
     *
     * @param node its index
     * @return completes with the recovery's outcome
     */
    public CompletableFuture<Recovery> restart(final int node) {
        final var agent = launch(node);
        final int expected = expectedSessions[node];
        return agent.start(bootstrap(node))
            .handle((report, failure) -> new Recovery(node, expected, failure == null ? report : Optional.empty()))
            .thenApply(recovery -> {
                recoveryListeners.forEach(listener -> listener.accept(recovery));
                return recovery;
            });
    }

    /**
     * Picks a live access node at random.
     *
     * @return its index, or -1 if none is up
     */
    public int randomLive() {
        if (live == 0) {
            return -1;
        }
        while (true) {
            final int candidate = random.nextInt(agents.length);
            if (agents[candidate] != null) {
                return candidate;
            }
        }
    }

    /**
     * Picks an access node that is down at random.
     *
     * @return its index, or -1 if all are up
     */
    public int randomDown() {
        if (live == agents.length) {
            return -1;
        }
        while (true) {
            final int candidate = random.nextInt(agents.length);
            if (agents[candidate] == null) {
                return candidate;
            }
        }
    }

    private AccessNodeAgent launch(final int node) {
        if (agents[node] != null) {
            throw new IllegalStateException(anId(node) + " is up");
        }
        final var kad = KadConfig.defaults(anId(node), new InetSocketAddress(SimulatedNetwork.host(node), 0),
            OVERLAY_KEY);
        final AccessNodeAgent agent;
        try {
            agent = new AccessNodeAgent(settings.apply(AgentConfig.defaults(kad).withCoding(coding)), network,
                Runnable::run, time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        agents[node] = agent;
        live++;
        return agent;
    }

    private List<InetSocketAddress> bootstrap(final int node) {
        final var contacts = new ArrayList<InetSocketAddress>();
        if (live <= 1) {
            return contacts;
        }
        for (int attempt = 0; contacts.size() < Math.min(BOOTSTRAP_CONTACTS, live - 1) && attempt < 100; attempt++) {
            final int other = randomLive();
            final var address = agents[other].overlayAddress();
            if (other != node && !contacts.contains(address)) {
                contacts.add(address);
            }
        }
        return contacts;
    }
}
