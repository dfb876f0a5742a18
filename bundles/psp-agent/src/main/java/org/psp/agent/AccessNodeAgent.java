/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ReedSolomon;
import org.psp.erasure.StripeCodec;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NettyOverlayNetwork;
import org.psp.kad.NodeId;
import org.psp.kad.OverlayClock;
import org.psp.kad.OverlayNetwork;
import org.psp.kad.OverlayScheduler;
import org.psp.store.ChunkStore;

/**
 * One access node: its own session memory, kept in the overlay as one Reed-Solomon stripe per segment, each chunk
 * on a different node, with a manifest on the K nodes closest to its key; and the RAM it lends to the other nodes.
 *
 * <p>A change is stored as a new generation of the changed segments, then the manifest that points to it, and only
 * then are the old generation's chunks deleted, so that the old or the new version is always recoverable. Stores,
 * deletes and re-encodings run one after the other. Once started, the agent stores its changes every store
 * interval (waiting longer after failures), extends the storing time of its chunks, and purges expired and
 * deleted chunks of others.
 *
 * <p>Threads: the agent's timer is its overlay node's {@linkplain KadNode#scheduler() scheduler} (an event loop in
 * production, the event queue in a simulation); it runs the periodic work and must never block. Encoding,
 * Reed-Solomon coding and digests run on the coding workers ({@link SegmentWriter}, {@link OverlayReader}). Answers
 * from the overlay complete futures on the event loops. The state is guarded, not confined: status and timers by
 * the lifecycle lock (a stopped agent stays stopped and schedules nothing), the update state (manifest generation,
 * deletion, progress, back-off) by the agent's monitor, and {@code versions}, the session memory and the chunk
 * store are thread-safe on their own. Updates are serialized: one runs at a time.
 */
public final class AccessNodeAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AccessNodeAgent.class.getName());
    private static final int PARALLEL_STORES = 4;
    private static final int CHUNK_ACTION_ATTEMPTS = 3;
    private static final long CHUNK_ACTION_PAUSE_MILLIS = 200;
    private static final Duration MAX_BACK_OFF = Duration.ofMinutes(1);
    private static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(1);
    /**
     * How many heartbeats a holder must send per storing time for the owner to leave the extension of its chunks to
     * them: extended every third of the storing time, a chunk has two thirds of it left, and a holder learns the new
     * deadline within two intervals (one for the owner's coordination to take it up, one for the holder's heartbeat);
     * at six, two more heartbeats may be lost before a chunk runs out.
     */
    private static final int HEARTBEATS_PER_STORING_TIME = 6;
    private static final Duration STATE_PUSH_INTERVAL = Duration.ofSeconds(1);
    private static final int MAINTENANCE_BUDGET = 10_000;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final AgentConfig config;
    private final String anId;
    private final SessionMemory memory;
    private final ChunkStore chunkStore;
    private final KadNode node;
    private final OverlayReader reader;
    private final SegmentWriter writer;
    private final Usefulness usefulness;
    private final HolderDirectory holders;
    private final OverlayScheduler timer;
    private final StateWatchers watchers;
    private final SessionIndex sessionIndex;
    private final DataCoordination coordination;
    private final Map<Integer, SegmentVersion> versions = new ConcurrentHashMap<>();
    private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
    /** Guards the status and the scheduling of timers, so that a stopped agent schedules nothing more. */
    private final Object lifecycle = new Object();
    private final List<OverlayScheduler.Scheduled> schedules = new CopyOnWriteArrayList<>();
    private final AtomicInteger storing = new AtomicInteger();
    private volatile CodingParameters coding;
    private volatile StripeCodec stripes;
    private volatile AgentStatus status = AgentStatus.JOINING;
    private volatile Optional<RecoveryReport> lastRecovery = Optional.empty();
    /** Until when the holders keep this node's data: the last store or extension plus the storing time. */
    private volatile Instant storedUntil = Instant.EPOCH;
    private CompletableFuture<?> updates = DONE;
    private Map<Integer, SegmentVersion> deleted = Map.of();
    private boolean suspended;
    private long manifestGeneration;
    private long storedSegments;
    private int consecutiveFailures;
    private Instant lastStored;
    private Instant nextAttempt = Instant.MIN;
    private String lastError = "";

    /**
     * Starts an agent's overlay node; it serves as storage for others at once. {@link #start(List)} joins it.
     *
     * @param config the settings
     * @param group the event loops
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public AccessNodeAgent(final AgentConfig config, final EventLoopGroup group) throws InterruptedException {
        this(config, group, ForkJoinPool.commonPool(), OverlayClock.system());
    }

    /**
     * Starts an agent's overlay node that codes its segments on the given workers and runs by the given clock:
     * encoding, Reed-Solomon coding and digests of segments run on the workers, never on the overlay's event loops.
     *
     * @param config the settings
     * @param group the event loops
     * @param coder the workers that code segments, bounded
     * @param clock the agent's and its node's time
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public AccessNodeAgent(final AgentConfig config, final EventLoopGroup group, final Executor coder,
            final OverlayClock clock) throws InterruptedException {
        this(config, new NettyOverlayNetwork(group), coder, clock);
    }

    /**
     * Starts an agent's overlay node on the given network: the sockets of {@link NettyOverlayNetwork} in production,
     * a simulated network in a simulation. Its timers run on its node's scheduler.
     *
     * @param config the settings
     * @param network the network
     * @param coder the workers that code segments, bounded
     * @param clock the agent's and its node's time
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if an address cannot be bound, naming it
     */
    public AccessNodeAgent(final AgentConfig config, final OverlayNetwork network, final Executor coder,
            final OverlayClock clock) throws InterruptedException {
        this.config = requireNonNull(config);
        anId = config.anId();
        coding = config.coding();
        stripes = new StripeCodec(ReedSolomon.of(coding));
        memory = new SessionMemory(config.segments());
        chunkStore = new ChunkStore(config.capacityBytes(), config.storingTime(), config.deleteGrace(),
            clock, new ManifestOrder());
        node = KadNode.start(config.kad(), network, chunkStore, clock);
        reader = new OverlayReader(node, chunkStore, coder);
        holders = new HolderDirectory(node);
        usefulness = new Usefulness(config.fairness(), config.capacityBytes(), chunkStore::acceptedBytes);
        node.guardReservations((placer, request) -> usefulness.refusalFor(request.placerGiven(),
            request.placerTaken(), request.placerAllowance(), request.bytes()));
        writer = new SegmentWriter(anId, node, coder, config.storingTime(), holders, usefulness);
        node.serveCommands(AgentCommands.handlerFor(this));
        timer = node.scheduler();
        watchers = new StateWatchers(node, timer, clock::nanoTime);
        sessionIndex = new SessionIndex(anId, node, memory, () -> inSegmentOrder(versions), config.index());
        listeners.add(sessionIndex);
        coordination = new DataCoordination(anId, node, chunkStore, reader, holders, coder, usefulness,
            config.coordination(),
            new DataCoordination.OwnData() {
                @Override
                public Optional<Manifest> manifest() {
                    return currentManifest();
                }

                @Override
                public Instant expiresAt() {
                    return storedUntil;
                }

                @Override
                public CompletableFuture<Void> adopt(final Map<Integer, SegmentVersion> repaired) {
                    return adoptRepaired(repaired);
                }

                @Override
                public void storeAgain(final int segment) {
                    final var lost = new BitSet();
                    lost.set(segment);
                    memory.markDirty(lost);
                }
            }, listeners);
    }

    /** Returns this node's part in keeping data available without its owner. */
    DataCoordination coordination() {
        return coordination;
    }

    /**
     * Returns what this node did to keep data available: heartbeats, elections, repairs.
     *
     * @return the counters
     */
    public CompletableFuture<CoordinationCounters> coordinationCounters() {
        return coordination.counters();
    }

    /**
     * Returns the stripes this node coordinates, its own and those of owners whose holders elected it, the lowest
     * margin first.
     *
     * @return their live chunks against m
     */
    public CompletableFuture<List<StripeMargin>> stripeMargins() {
        return coordination.margins();
    }

    /**
     * Returns this node's part in keeping data available as of its last coordination round; any thread.
     *
     * @return the status
     */
    public CoordinationStatus coordinationStatus() {
        return coordination.status();
    }

    /**
     * Returns the owners whose data this node coordinates.
     *
     * @return the owners
     */
    public CompletableFuture<List<String>> coordinating() {
        return coordination.coordinating();
    }

    /**
     * Returns what keeps this node's sessions in the overlay's index.
     *
     * @return its index keeper
     */
    public SessionIndex index() {
        return sessionIndex;
    }

    /**
     * Returns the access node's id.
     *
     * @return the AN id
     */
    public String anId() {
        return anId;
    }

    /**
     * Returns the node's own session memory.
     *
     * @return the memory
     */
    public SessionMemory memory() {
        return memory;
    }

    /**
     * Returns the overlay node.
     *
     * @return the node
     */
    public KadNode node() {
        return node;
    }

    /**
     * Returns the UDP address at which the overlay reaches this node: a contact for others to join through.
     *
     * @return the address
     */
    public InetSocketAddress overlayAddress() {
        return node.contact().address();
    }

    /**
     * Runs a command on another access node's agent, sent over the overlay through this node.
     *
     * @param otherAnId the other access node
     * @param command the command
     * @return completes with the answer; fails if the node cannot be found or does not answer
     */
    public CompletableFuture<AgentAnswer> send(final String otherAnId, final AgentCommand command) {
        return AgentCommands.send(node, otherAnId, command);
    }

    /**
     * Returns the store of other nodes' chunks.
     *
     * @return the store
     */
    public ChunkStore chunkStore() {
        return chunkStore;
    }

    /**
     * Returns the agent's status.
     *
     * @return the status
     */
    public AgentStatus status() {
        return status;
    }

    /**
     * Returns the coding parameters of new stores.
     *
     * @return m and k
     */
    public CodingParameters coding() {
        return coding;
    }

    /**
     * Returns the last recovery's report, if there was one.
     *
     * @return the report
     */
    public Optional<RecoveryReport> lastRecovery() {
        return lastRecovery;
    }

    /**
     * Returns the generation of the manifest last stored or recovered.
     *
     * @return the generation, 0 if none
     */
    public synchronized long manifestGeneration() {
        return manifestGeneration;
    }

    /**
     * Returns how storing is going.
     *
     * @return a snapshot
     */
    public synchronized StoreProgress progress() {
        return new StoreProgress(memory.dirtyCount(), storing.get(), storedSegments, consecutiveFailures,
            Optional.ofNullable(lastStored), consecutiveFailures == 0 ? Optional.empty() : Optional.of(nextAttempt),
            lastError);
    }

    /**
     * Returns the segments stored in the overlay.
     *
     * @return segment number to its current version
     */
    public Map<Integer, SegmentVersion> versions() {
        return inSegmentOrder(versions);
    }

    /**
     * Returns an unmodifiable copy in segment order. Not {@link Map#copyOf}: its order changes from one JVM to the
     * next, and the work that follows it (deletes, extensions) would go out in another order in each run.
     */
    private static <V> Map<Integer, V> inSegmentOrder(final Map<Integer, V> bySegment) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(bySegment));
    }

    /**
     * Adds a listener.
     *
     * @param listener the listener
     */
    public void addListener(final AgentListener listener) {
        listeners.add(requireNonNull(listener));
    }

    /**
     * Removes a listener added before.
     *
     * @param listener the listener
     */
    public void removeListener(final AgentListener listener) {
        listeners.remove(listener);
    }

    /**
     * Joins the overlay, recovers the node's sessions if its memory is empty, and starts the periodic work: storing
     * changes, extending storing times, purging chunks of others. While no bootstrap contact answers it keeps
     * trying, waiting longer each time (up to a minute), and serves as storage for nodes that reach it. An agent
     * stopped before it is up stays stopped, with nothing scheduled.
     *
     * @param bootstrap members' addresses; empty for the first node
     * @return completes when the agent is up, with the recovery's report if it recovered; fails if it was stopped
     *     first
     */
    public CompletableFuture<Optional<RecoveryReport>> start(final List<InetSocketAddress> bootstrap) {
        setStatus(AgentStatus.JOINING);
        schedule(this::pushState, STATE_PUSH_INTERVAL);
        final var joined = new CompletableFuture<Void>();
        join(bootstrap, config.storeInterval(), joined);
        return joined.thenCompose(ignored -> {
            if (memory.size() > 0) {
                return CompletableFuture.completedFuture(Optional.<RecoveryReport>empty());
            }
            setStatus(AgentStatus.RECOVERING);
            return recover().thenApply(Optional::of);
        }).thenApply(report -> {
            synchronized (lifecycle) {
                if (status == AgentStatus.STOPPED) {
                    throw new IllegalStateException(anId + " was stopped while it started");
                }
                schedule(this::storeIfDue, config.storeInterval());
                schedule(this::extendStoringTimes, config.storingTime().dividedBy(3));
                schedule(() -> {
                    chunkStore.maintain(MAINTENANCE_BUDGET);
                    sessionIndex.buryEnded();
                }, MAINTENANCE_INTERVAL);
                schedule(sessionIndex::republish, config.index().republishInterval());
                schedule(coordination::tick, config.coordination().interval());
            }
            // Refused if it was stopped since: the stop cancelled what was just scheduled.
            setStatus(AgentStatus.UP);
            return report;
        });
    }

    private void join(final List<InetSocketAddress> bootstrap, final Duration wait,
            final CompletableFuture<Void> joined) {
        node.join(bootstrap).whenComplete((done, failure) -> {
            if (failure == null) {
                joined.complete(null);
                return;
            }
            final var next = capped(wait.multipliedBy(2));
            synchronized (lifecycle) {
                if (status != AgentStatus.STOPPED) {
                    LOG.log(Level.WARNING, "{0}: joining failed, trying again in {1} s: {2}", anId, wait.toSeconds(),
                        rootMessage(failure));
                    schedules.add(timer.schedule(() -> join(bootstrap, next, joined), wait.toMillis(),
                        TimeUnit.MILLISECONDS));
                    return;
                }
            }
            joined.completeExceptionally(failure);
        });
    }

    private static Duration capped(final Duration backOff) {
        return backOff.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff;
    }

    /** Runs a task periodically until the agent stops; a stopped agent schedules nothing. */
    @SuppressWarnings("checkstyle:IllegalCatch")
    private void schedule(final Runnable task, final Duration every) {
        final long millis = Math.max(1, every.toMillis());
        synchronized (lifecycle) {
            if (status == AgentStatus.STOPPED) {
                return;
            }
            schedules.add(timer.scheduleWithFixedDelay(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "{0}: periodic task failed", anId, e);
                }
            }, millis, millis, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Has a watcher told of this agent's state: answered with it now, and pushed it whenever it changes until the
     * lease ends.
     *
     * @param watcher where the watcher takes pushes
     * @param lease how long from now
     * @return completes with the state now
     */
    public CompletableFuture<AgentSnapshot> watch(final Contact watcher, final Duration lease) {
        return CompletableFuture.supplyAsync(() -> {
            final var state = AgentSnapshot.of(this);
            watchers.watch(watcher, lease, state);
            return state;
        }, timer);
    }

    /** Counts the periodic tasks and retries that are still scheduled, for tests. */
    int periodicTasks() {
        return (int) schedules.stream().filter(schedule -> !schedule.isDone()).count();
    }

    /** Tells whether a watcher's lease lasts, for tests. */
    CompletableFuture<Boolean> watched() {
        return CompletableFuture.supplyAsync(watchers::any, timer);
    }

    private void pushState() {
        if (watchers.any()) {
            watchers.push(AgentSnapshot.of(this));
        }
    }

    /** Moves to a status and tells the listeners; a stopped agent stays stopped. */
    private void setStatus(final AgentStatus newStatus) {
        synchronized (lifecycle) {
            if (status == newStatus || status == AgentStatus.STOPPED) {
                return;
            }
            status = newStatus;
        }
        LOG.log(Level.INFO, "{0}: {1}", anId, newStatus);
        listeners.forEach(listener -> listener.statusChanged(anId, newStatus));
    }

    private void storeIfDue() {
        synchronized (this) {
            if (status != AgentStatus.UP || suspended || memory.dirtyCount() == 0 || storing.get() > 0
                    || node.clock().instant().isBefore(nextAttempt)) {
                return;
            }
        }
        storeChanges();
    }

    static NodeId manifestKey(final String anId) {
        return NodeId.keyOf(anId, "manifest");
    }

    /**
     * Returns the overlay key one chunk of an access node's data is stored under.
     *
     * @param anId the owner
     * @param segment the segment
     * @param generation the segment's generation
     * @param index the chunk's index in its stripe
     * @return the key its holder stores it under
     */
    public static NodeId chunkKey(final String anId, final int segment, final long generation, final int index) {
        return NodeId.keyOf(anId, "segment-" + segment + "/generation-" + generation + "/chunk-" + index);
    }

    private synchronized <T> CompletableFuture<T> serialized(final Supplier<CompletableFuture<T>> step) {
        final var next = updates.handle((ignored, failure) -> null).thenCompose(ignored -> step.get());
        updates = next;
        return next;
    }

    /**
     * Stores every segment that changed since the last store: new generations first, then the manifest, then the
     * old generations are deleted. Segments that fail stay marked as changed for the next round. If the node's copy
     * in the overlay was deleted, this stores all of it again.
     *
     * @return completes with the number of segments stored
     */
    public CompletableFuture<Integer> storeChanges() {
        return serialized(() -> {
            final boolean resume;
            synchronized (this) {
                resume = suspended;
                suspended = false;
                deleted = Map.of();
            }
            if (resume) {
                final var all = new BitSet();
                all.set(0, config.segments());
                memory.markDirty(all);
            }
            return storeDirty();
        });
    }

    /** Stores the segments changed now; the time is taken first, so that every change applied before it is in. */
    private CompletableFuture<Integer> storeDirty() {
        final var takenAt = node.clock().instant();
        return storeRound(memory.takeDirty(), takenAt);
    }

    private CompletableFuture<Integer> storeRound(final BitSet changed, final Instant takenAt) {
        final var previous = new HashMap<>(versions);
        // In flight until the round's manifest is published and its old generations deleted.
        storing.set(changed.cardinality());
        final var newGenerations = storeNewGenerations(changed);
        // The index is told while the segments are stored, not after, so that a lease change is found at once; and
        // once their chunks are on their way, so that its messages do not hold them up.
        sessionIndex.syncSessions(changed);
        return newGenerations.thenCompose(round -> {
            final var failed = (BitSet) changed.clone();
            round.stored().keySet().forEach(failed::clear);
            // Retried at the next round.
            memory.markDirty(failed);
            final CompletableFuture<Void> published = round.stored().isEmpty() ? DONE : publish(round.stored());
            return published.thenCompose(done -> deleteReplaced(previous)).handle((done, failure) -> {
                if (failure != null) {
                    // Unpublished, so nothing of the round counts.
                    memory.markDirty(changed);
                    finishRound(0, changed.cardinality(), "manifest not stored: " + rootMessage(failure));
                    return 0;
                }
                finishRound(round.stored().size(), failed.cardinality(),
                    round.failures().values().stream().findFirst().orElse(""));
                if (!round.stored().isEmpty()) {
                    final var stored = new BitSet();
                    round.stored().keySet().forEach(stored::set);
                    listeners.forEach(listener -> listener.stored(anId, stored, takenAt));
                }
                final var took = Duration.between(takenAt, node.clock().instant());
                if (failed.isEmpty() && took.compareTo(config.storeInterval()) >= 0) {
                    // A round longer than the interval: the changes it left waiting go at once, not at the next tick.
                    timer.execute(this::storeIfDue);
                }
                return round.stored().size();
            });
        });
    }

    private void finishRound(final int stored, final int failed, final String reason) {
        synchronized (this) {
            storing.set(0);
            storedSegments += stored;
            if (failed == 0) {
                consecutiveFailures = 0;
                lastStored = node.clock().instant();
                lastError = "";
                nextAttempt = Instant.MIN;
                return;
            }
            consecutiveFailures++;
            lastError = reason;
            nextAttempt = node.clock().instant().plus(capped(config.storeInterval()
                .multipliedBy(1L << Math.min(consecutiveFailures, 20))));
        }
        LOG.log(Level.WARNING, "{0}: {1} segments not stored, retrying later: {2}", anId, failed, reason);
        listeners.forEach(listener -> listener.storeFailed(anId, failed, reason));
    }

    /** What a round of stores did: the versions stored and, for segments that failed, why. */
    record StoreRound(Map<Integer, SegmentVersion> stored, Map<Integer, String> failures) {
    }

    /**
     * Stores new generations of segments, without publishing them: the first of the three steps of an update.
     *
     * @param segments the segments to store
     * @return the versions stored and the failures
     */
    CompletableFuture<StoreRound> storeNewGenerations(final BitSet segments) {
        final var pending = new ArrayList<Integer>();
        segments.stream().forEach(pending::add);
        final var stored = new ConcurrentHashMap<Integer, SegmentVersion>();
        final var failures = new ConcurrentHashMap<Integer, String>();
        // A few segments at a time, so that a large update does not flood the overlay.
        CompletableFuture<Void> chain = DONE;
        for (int from = 0; from < pending.size(); from += PARALLEL_STORES) {
            final var batch = pending.subList(from, Math.min(pending.size(), from + PARALLEL_STORES));
            chain = chain.thenCompose(ignored -> CompletableFuture.allOf(batch.stream()
                .map(segment -> storeSegment(segment).handle((version, failure) -> {
                    if (failure == null) {
                        stored.put(segment, version);
                    } else {
                        failures.put(segment, "segment " + segment + ": " + rootMessage(failure));
                    }
                    return null;
                }))
                .toArray(CompletableFuture[]::new)));
        }
        return chain.thenApply(ignored -> new StoreRound(inSegmentOrder(stored), inSegmentOrder(failures)));
    }

    /**
     * Makes stored generations current: the second step of an update, after which recovery returns them.
     *
     * @param stored the versions stored
     * @return completes when the manifest is stored on at least one node
     */
    CompletableFuture<Void> publish(final Map<Integer, SegmentVersion> stored) {
        versions.putAll(stored);
        keepStoredFor(config.storingTime());
        return publishManifest();
    }

    /** Moves the deadline until which the owner keeps its data stored to the given time from now, never back. */
    private void keepStoredFor(final Duration storingTime) {
        final var until = node.clock().instant().plus(storingTime);
        if (until.isAfter(storedUntil)) {
            storedUntil = until;
        }
    }

    /** Takes the holders that a coordinator placed repaired chunks on, for versions still current, and publishes. */
    private CompletableFuture<Void> adoptRepaired(final Map<Integer, SegmentVersion> repaired) {
        return serialized(() -> {
            boolean changed = false;
            for (var entry : repaired.entrySet()) {
                final var current = versions.get(entry.getKey());
                if (current != null && current.generation() == entry.getValue().generation()
                        && current.digest().equals(entry.getValue().digest())) {
                    versions.put(entry.getKey(), entry.getValue());
                    usefulness.tookSpecial(repairedBytes(current, entry.getValue()));
                    changed = true;
                }
            }
            return changed ? publishManifest() : DONE;
        });
    }

    /** The bytes of the chunks a coordinator placed on new holders: a chunk is about a data chunk's share. */
    private static long repairedBytes(final SegmentVersion before, final SegmentVersion after) {
        return after.chunkBytes() * IntStream.range(0, after.holders().size())
            .filter(index -> !after.holders().get(index).equals(before.holders().get(index))).count();
    }

    /**
     * Returns this node's usefulness account: what it does for the others and they for it.
     *
     * @return the account now
     */
    public UsefulnessStatus usefulness() {
        return usefulness.status();
    }

    private CompletableFuture<SegmentVersion> storeSegment(final int segment) {
        final var current = Optional.ofNullable(versions.get(segment));
        // Never reuse a generation, not even one that a crash left stored but unpublished: its chunks may still be
        // held, under the same keys, by other nodes.
        final long generation = Math.max(current.map(version -> version.generation() + 1).orElse(1L),
            node.clock().millis());
        return writer.store(segment, () -> memory.segment(segment), generation, stripes, current);
    }

    /**
     * Publishes the holder list at a new generation: above every generation this node knew of, and at least the
     * time in milliseconds, so that it is above the lists the coordinators of its data published from an older one
     * while it was down.
     */
    private CompletableFuture<Void> publishManifest() {
        final Manifest manifest;
        synchronized (this) {
            manifestGeneration = Math.max(manifestGeneration + 1, node.clock().millis());
            manifest = new Manifest(anId, manifestGeneration, versions);
        }
        return storeManifest(manifest, config.storingTime()).exceptionallyCompose(failure -> {
            final var cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
            if (!(cause instanceof OlderManifestException)) {
                return CompletableFuture.failedFuture(failure);
            }
            // Published above this one while this node could not read it: the next publish goes above that.
            return reader.newestManifest(anId).thenCompose(newest -> {
                newest.ifPresent(found -> {
                    synchronized (this) {
                        manifestGeneration = Math.max(manifestGeneration, found.generation());
                    }
                });
                return CompletableFuture.failedFuture(failure);
            });
        });
    }

    /** The manifest last published, unless nothing was or the copy in the overlay is deleted. */
    private synchronized Optional<Manifest> currentManifest() {
        return suspended || versions.isEmpty() || manifestGeneration == 0 ? Optional.empty()
            : Optional.of(new Manifest(anId, manifestGeneration, versions));
    }

    /**
     * Stores the current manifest again on the nodes now closest to its key, for the storing time: nodes that joined
     * since, or missed a publish, get it, and older replicas are overwritten.
     */
    private CompletableFuture<Void> refreshManifest(final Duration storingTime) {
        return currentManifest().map(manifest -> storeManifest(manifest, storingTime))
            .orElseGet(() -> node.extend(manifestKey(anId), storingTime).thenApply(extended -> null));
    }

    private CompletableFuture<Void> storeManifest(final Manifest manifest, final Duration storingTime) {
        return node.store(manifestKey(anId), manifest.toBytes(), storingTime).thenCompose(outcomes -> {
            if (outcomes.values().stream().anyMatch(outcome -> outcome.accepted())) {
                return DONE;
            }
            if (outcomes.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException("no node reachable"));
            }
            final var reason = outcomes.values().iterator().next().reason();
            return CompletableFuture.failedFuture(outcomes.values().stream()
                .allMatch(outcome -> outcome.reason().startsWith(ManifestOrder.OLDER))
                ? new OlderManifestException(reason) : new IllegalStateException(reason));
        });
    }

    /** Every node refused a publish because it holds a newer generation of the holder list. */
    private static final class OlderManifestException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        OlderManifestException(final String reason) {
            super(reason);
        }
    }

    private CompletableFuture<Void> deleteReplaced(final Map<Integer, SegmentVersion> previous) {
        final var deletions = new ArrayList<CompletableFuture<?>>();
        previous.forEach((segment, old) -> {
            final var now = versions.get(segment);
            if (now != null && now.generation() != old.generation()) {
                deletions.add(onHolders(segment, old, (holder, key) -> node.deleteAt(holder, key)));
            }
        });
        return CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new))
            .whenComplete((done, failure) -> holders.retainHoldersOf(versions.values()));
    }

    /** Something to do to one chunk on its holder. */
    @FunctionalInterface
    private interface ChunkAction {
        CompletableFuture<Boolean> apply(Contact holder, NodeId key);
    }

    /** Applies an action to every chunk of a segment version on its holder; completes with how many succeeded. */
    private CompletableFuture<Integer> onHolders(final int segment, final SegmentVersion version,
            final ChunkAction action) {
        final var done = new ArrayList<CompletableFuture<Boolean>>();
        for (int index = 0; index < version.holders().size(); index++) {
            final var key = chunkKey(anId, segment, version.generation(), index);
            done.add(holders.resolve(version.holders().get(index)).thenCompose(holder -> holder
                .map(contact -> retried(() -> action.apply(contact, key), CHUNK_ACTION_ATTEMPTS)
                    .thenApply(succeeded -> {
                        if (!succeeded) {
                            holders.forget(contact.id());
                        }
                        return succeeded;
                    }))
                .orElse(CompletableFuture.completedFuture(false))));
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
            .thenApply(ignored -> (int) done.stream().filter(CompletableFuture::join).count());
    }

    /**
     * Repeats an action on a chunk that did not succeed, after a growing pause: an answer lost under load is not a
     * refusal. (A holder that truly says no is asked again too, which costs a datagram.)
     */
    private CompletableFuture<Boolean> retried(final Supplier<CompletableFuture<Boolean>> action,
            final int attempts) {
        return action.get().thenCompose(done -> {
            if (done || attempts <= 1) {
                return CompletableFuture.completedFuture(done);
            }
            final var paused = new CompletableFuture<Void>();
            timer.schedule(() -> paused.complete(null),
                CHUNK_ACTION_PAUSE_MILLIS * (CHUNK_ACTION_ATTEMPTS - attempts + 1), TimeUnit.MILLISECONDS);
            return paused.thenCompose(ignored -> retried(action, attempts - 1));
        });
    }

    private CompletableFuture<Integer> onAllChunks(final Map<Integer, SegmentVersion> of, final ChunkAction action) {
        final var counts = new ArrayList<CompletableFuture<Integer>>();
        of.forEach((segment, version) -> counts.add(onHolders(segment, version, action)));
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new))
            .thenApply(ignored -> counts.stream().mapToInt(CompletableFuture::join).sum());
    }

    /**
     * Reads the node's sessions from the overlay: the manifest, then at least m chunks of every segment (data
     * chunks from the holders the manifest names first, so that most segments need no decoding), decoded and
     * verified. The node's memory is left alone unless {@code restore} is set. It waits for updates in progress,
     * so that it reads a version that no update is deleting.
     *
     * @param restore whether to put what was read into the node's memory, replacing the segments read
     * @return the sessions read and the report
     */
    public CompletableFuture<Retrieval> lookup(final boolean restore) {
        return serialized(() -> read(anId, restore));
    }

    /**
     * Reads another access node's sessions from the overlay, as {@link #lookup(boolean)} does for this node's: so
     * that the data of a node that is down can still be looked up from any member.
     *
     * @param owner the other access node
     * @return the sessions read and the report
     */
    public CompletableFuture<Retrieval> lookupOf(final String owner) {
        return read(requireNonNull(owner), false);
    }

    private CompletableFuture<Retrieval> read(final String owner, final boolean restore) {
        final var own = owner.equals(anId) ? currentManifest() : Optional.<Manifest>empty();
        return reader.read(owner, own).thenApply(read -> {
            if (read.overlayBehind()) {
                // The holders missed or lost the newest publish: read by the node's own, and give it to them again.
                LOG.log(Level.WARNING, "{0}: the overlay holds an older manifest than generation {1}; storing it "
                    + "again", anId, read.manifest().orElseThrow().generation());
                refreshManifest(config.storingTime());
            }
            if (restore && read.manifest().isPresent()) {
                final var manifest = read.manifest().orElseThrow();
                read.segments().forEach((segment, sessions) -> {
                    memory.restore(segment, sessions);
                    versions.put(segment, manifest.segments().get(segment));
                });
                synchronized (this) {
                    manifestGeneration = Math.max(manifestGeneration, manifest.generation());
                }
                // Up again, the owner keeps its data stored from now on.
                keepStoredFor(config.storingTime());
            }
            return read.retrieval();
        });
    }

    /**
     * Restores the node's sessions from the overlay into its memory, as after a crash, and tells the listeners.
     *
     * @return the report; segments that could not be restored are named in it, with the counts found
     */
    public CompletableFuture<RecoveryReport> recover() {
        return lookup(true).thenApply(retrieval -> {
            final var report = retrieval.report();
            lastRecovery = Optional.of(report);
            LOG.log(report.outcome() == RecoveryReport.Outcome.PARTIAL ? Level.ERROR : Level.INFO,
                "{0}: recovery {1}: {2} sessions in {3} segments in {4} ms{5}", anId, report.outcome(),
                report.sessions(), report.segments(), report.duration().toMillis(),
                report.unrecoverable().isEmpty() ? "" : ", lost " + report.unrecoverable().values());
            listeners.forEach(listener -> listener.recovered(anId, report));
            return report;
        });
    }

    /**
     * Deletes the node's copy in the overlay: every chunk and the manifest. Holders keep them, invisible, for their
     * delete grace period, in which {@link #undelete()} brings them back. Storing stops until the next
     * {@link #storeChanges()}, which stores everything again.
     *
     * @return completes with the number of chunks deleted
     */
    public CompletableFuture<Integer> delete() {
        return serialized(() -> {
            final var toDelete = inSegmentOrder(versions);
            synchronized (this) {
                suspended = true;
                deleted = toDelete;
            }
            versions.clear();
            return onAllChunks(toDelete, node::deleteAt)
                .thenCombine(node.delete(manifestKey(anId)), (chunks, manifest) -> chunks);
        });
    }

    /**
     * Brings back the copy that {@link #delete()} deleted, if the holders' grace period has not run out, and
     * resumes storing.
     *
     * @return completes with the number of chunks brought back
     */
    public CompletableFuture<Integer> undelete() {
        return serialized(() -> {
            final Map<Integer, SegmentVersion> toRestore;
            synchronized (this) {
                toRestore = deleted;
                deleted = Map.of();
                suspended = false;
            }
            versions.putAll(toRestore);
            return onAllChunks(toRestore, node::undeleteAt)
                .thenCombine(node.undelete(manifestKey(anId)), (chunks, manifest) -> chunks);
        });
    }

    /**
     * Forgets the node's own sessions; the copy in the overlay stays, so that a lookup with restore brings them
     * back. Changes not stored yet are stored first, so that the overlay holds everything that is forgotten.
     *
     * @return completes with how many sessions were forgotten; fails, forgetting nothing, if the copy in the overlay
     *     is deleted or a change could not be stored
     */
    public CompletableFuture<Integer> deleteMemory() {
        return serialized(() -> {
            synchronized (this) {
                if (suspended) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                        "the copy in the overlay is deleted; undelete or store it first. The memory is kept"));
                }
            }
            final var flushed = memory.dirtyCount() == 0 ? CompletableFuture.completedFuture(0)
                : storeDirty();
            return flushed.thenApply(ignored -> memory.forgetIfStored().orElseThrow(() -> new IllegalStateException(
                memory.dirtyCount() + " changed segments are not stored yet (" + progress().lastError()
                    + "). The memory is kept")));
        });
    }

    /**
     * Changes m and k: every stored segment is encoded again under the new parameters, stored, published, and only
     * then are the old stripes deleted, so that the data is recoverable throughout.
     *
     * @param newCoding the new m and k
     * @return completes with the number of segments encoded again
     */
    public CompletableFuture<Integer> configure(final CodingParameters newCoding) {
        requireNonNull(newCoding);
        final var codec = new StripeCodec(ReedSolomon.of(newCoding));
        return serialized(() -> {
            coding = newCoding;
            stripes = codec;
            final var all = new BitSet();
            versions.keySet().forEach(all::set);
            memory.markDirty(all);
            return storeDirty();
        });
    }

    /**
     * Extends the storing time of every chunk of the node's copy, and stores its manifest again on the nodes now
     * closest to its key, so that nodes that joined since or missed a publish hold the newest.
     *
     * @param storingTime the storing time from now
     * @return completes with the number of chunks whose holders still had them
     */
    public CompletableFuture<Integer> extend(final Duration storingTime) {
        requireNonNull(storingTime);
        keepStoredFor(storingTime);
        return serialized(() -> onAllChunks(inSegmentOrder(versions), (holder, key) -> node.extendAt(holder, key,
                storingTime))
            .thenCombine(refreshManifest(storingTime), (chunks, manifest) -> chunks));
    }

    /**
     * The periodic extension, every third of the storing time. Where holders report often enough, they extend their
     * chunks to the owner's new deadline when their heartbeat's answer brings it, so that only the manifest is stored
     * again; otherwise every holder is asked, as {@link #extend(Duration)} does.
     */
    private void extendStoringTimes() {
        final var storingTime = config.storingTime();
        final CompletableFuture<?> extended;
        if (config.coordination().interval().multipliedBy(HEARTBEATS_PER_STORING_TIME).compareTo(storingTime) <= 0) {
            keepStoredFor(storingTime);
            extended = serialized(() -> refreshManifest(storingTime));
        } else {
            extended = extend(storingTime);
        }
        extended.whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "{0}: extending storing times failed", anId, failure);
            }
        });
    }

    static String rootMessage(final Throwable failure) {
        var cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /**
     * Stops the agent: its periodic work ends and its overlay node closes. Kademlia has no leave message; the other
     * nodes drop this one at their next request to it, as after a crash, and keep its chunks until their storing time
     * runs out.
     */
    public void stop() {
        close();
    }

    /**
     * Stops the agent, as {@link #stop()} does.
     */
    @Override
    public void close() {
        // Stopped first, so that nothing is scheduled after the cancelling.
        setStatus(AgentStatus.STOPPED);
        schedules.forEach(OverlayScheduler.Scheduled::cancel);
        node.close();
    }
}
