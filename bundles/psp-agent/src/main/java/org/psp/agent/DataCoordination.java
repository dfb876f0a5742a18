/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.psp.erasure.CodingParameters;
import org.psp.kad.CommandOrigin;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;
import org.psp.store.ChunkStore;

/**
 * Keeps the data of access nodes available while their owners are down: this node's part as a holder of other nodes'
 * chunks, as the coordinator of its own data, and as the coordinator of others' data when their holders elect it.
 *
 * <ul>
 *   <li>Every {@linkplain CoordinationSettings#interval() interval}, a holder sends a heartbeat for each owner whose
 *       chunks it holds to the node it takes for that data's coordinator, listing the chunks and their storing
 *       deadlines, and gets the holder list (the owner's manifest) and the owner's storing deadline back; it extends
 *       its chunks to that deadline, never beyond, so that an extension the owner could not deliver still arrives.</li>
 *   <li>While the owner is up it is its data's coordinator. When the coordinator is silent, the holder elects a new
 *       one from the last holder list it got: the owner if it answers, else the live holder with the lowest node id
 *       (node ids, not the seed's data ids: every holder of the list knows them, they are the same for all segments of
 *       the owner, and they never change while a node lives).</li>
 *   <li>A coordinator that is not the owner asks the owner, then a few of the listed holders that do not report to
 *       it, every interval; when it finds the owner, or a coordinator with a lower id than its own, it hands its
 *       holder list over and follows it. A returning owner takes its role back this way, and two coordinators after
 *       a partition heals end as one.</li>
 *   <li>Every interval, the coordinator counts each stripe's live chunks: those whose holders reported them within
 *       an interval and a half (a chunk placed less than that ago counts as live). A stripe counted just above
 *       the repair threshold is checked first: the holders that have not reported lately are asked, and those that
 *       do not answer no longer count, since a holder that crashed after its last report would. At the repair
 *       threshold it reads m live chunks, re-creates the missing ones and places them on nodes that hold none of the
 *       stripe, for what is left of the owner's storing time and no longer, then publishes the new holder list.</li>
 * </ul>
 *
 * <p>Threads: every field is touched only on the node's scheduler; messages and answers hop onto it.
 */
final class DataCoordination {
    private static final System.Logger LOG = System.getLogger(DataCoordination.class.getName());
    private static final int ELECTION_PROBES = 6;
    /** The holders a holder keeps of a holder list: enough to probe after the silent one is left out. */
    private static final int ELECTION_CANDIDATES = ELECTION_PROBES + 1;
    private static final int DISCOVERY_PROBES = 3;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** A holder that has not reported for an interval and a half is taken for gone. */
    private static final int LIVENESS_HALF_INTERVALS = 3;
    /** A stripe is stored again to spread it at most once in this many intervals. */
    private static final int REBALANCE_INTERVALS = 10;

    /** What the agent tells about its own data, and how it takes a repair of it. */
    interface OwnData {
        /**
         * Returns the manifest last published.
         *
         * @return it, or empty if nothing is stored
         */
        Optional<Manifest> manifest();

        /**
         * Returns until when the owner keeps its data stored.
         *
         * @return the deadline its last extension set
         */
        Instant expiresAt();

        /**
         * Takes repaired holders of stored versions into the owner's manifest and publishes it.
         *
         * @param repaired segment to the repaired version, of the generation the owner stores now
         * @return completes when published
         */
        CompletableFuture<Void> adopt(Map<Integer, SegmentVersion> repaired);

        /**
         * Stores a segment again from the owner's memory, as a new generation: for a stripe that lost more than k
         * chunks, which no coordinator can repair.
         *
         * @param segment the segment
         */
        void storeAgain(int segment);
    }

    /** The data of an owner this node holds chunks of, and whom it reports to. */
    private static final class Following {
        NodeId coordinator;
        Optional<FollowedManifest> manifest = Optional.empty();
        long confirmedNanos = Long.MIN_VALUE;
        boolean busy;

        Following(final NodeId coordinator) {
            this.coordinator = coordinator;
        }
    }

    private final String anId;
    private final KadNode node;
    private final ChunkStore store;
    private final OverlayReader reader;
    private final HolderDirectory directory;
    private final CoordinationSettings settings;
    private final OwnData own;
    private final List<AgentListener> listeners;
    private final Map<String, Following> following = new HashMap<>();
    private final Map<String, CoordinatedData> coordinated = new HashMap<>();
    /** The owners this node was elected for and whose holder list it is reading. */
    private final Map<String, CompletableFuture<CoordinatedData>> takingOver = new HashMap<>();
    private final StripeRepair repair;
    private final HeldChunks heldChunks;
    private final Usefulness usefulness;
    private CoordinatedData ownData;
    /** The status as of the last round, for readers on any thread. */
    private volatile CoordinationStatus status = CoordinationStatus.NONE;
    private long heartbeatsSent;
    private long heartbeatsReceived;
    private long refused;
    private long elections;
    private long handOvers;

    DataCoordination(final String anId, final KadNode node, final ChunkStore store, final OverlayReader reader,
            final HolderDirectory directory, final Executor coder, final Usefulness usefulness,
            final CoordinationSettings settings, final OwnData own, final List<AgentListener> listeners) {
        this.anId = requireNonNull(anId);
        this.node = requireNonNull(node);
        this.store = requireNonNull(store);
        this.reader = requireNonNull(reader);
        this.directory = requireNonNull(directory);
        this.settings = requireNonNull(settings);
        this.own = requireNonNull(own);
        this.listeners = requireNonNull(listeners);
        this.usefulness = requireNonNull(usefulness);
        repair = new StripeRepair(node, reader, directory, coder);
        heldChunks = new HeldChunks(anId, store, node.clock()::millis);
    }

    /**
     * Runs one interval's work: reports as a holder, reviews the stripes this node coordinates, and looks for a
     * coordinator that should take over from it. Runs on the node's scheduler.
     */
    void tick() {
        final long now = node.clock().nanoTime();
        if (ownData == null) {
            startOwnData(now);
        }
        ownData.manifest(own.manifest());
        ownData.deadlineSetByOwner(own.expiresAt());
        final var heldNow = heldChunks.byOwner();
        following.keySet().removeIf(owner -> !heldNow.containsKey(owner) && !coordinated.containsKey(owner));
        heldNow.forEach(this::report);
        review(anId, ownData, now);
        for (var owner : List.copyOf(coordinated.keySet())) {
            final var data = coordinated.get(owner);
            if (expired(data)) {
                coordinated.remove(owner);
                continue;
            }
            review(owner, data, now);
            republishManifest(owner, data);
            lookForBetterCoordinator(owner);
        }
        status = new CoordinationStatus(countersNow(), ownersNow(now), marginsNow().stream()
            .filter(margin -> margin.live() < margin.total()).toList());
    }

    /** Starts coordinating this node's own data, asking its holders at once when it has stored anything. */
    private void startOwnData(final long now) {
        ownData = new CoordinatedData(now, own.manifest(), own.expiresAt());
        if (ownData.manifest().isPresent()) {
            pollHolders(anId, ownData);
        }
    }

    /**
     * Returns the status as of the last round; any thread.
     *
     * @return the status
     */
    CoordinationStatus status() {
        return status;
    }

    /**
     * Answers a coordination message from another member.
     *
     * @param origin who sent it, authenticated by the overlay key
     * @param request its bytes
     * @return the answer's bytes
     */
    CompletableFuture<byte[]> handle(final CommandOrigin origin, final byte[] request) {
        final CoordinationMessage message;
        try {
            message = CoordinationMessage.fromBytes(request);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.supplyAsync(() -> refuse("malformed coordination message: " + e.getMessage()),
                node.scheduler()).thenApply(CoordinationMessage::toBytes);
        }
        return CompletableFuture.supplyAsync(() -> switch (message) {
            case CoordinationMessage.Heartbeat heartbeat -> onHeartbeat(origin, heartbeat);
            case CoordinationMessage.HandOver handOver -> onHandOver(handOver);
            case CoordinationMessage.Poll poll -> CompletableFuture.completedFuture(onPoll(poll));
            default -> CompletableFuture.completedFuture(refuse("not a request"));
        }, node.scheduler()).thenCompose(answer -> answer).thenApply(CoordinationMessage::toBytes);
    }

    /**
     * Returns the counters.
     *
     * @return a snapshot, taken on the node's scheduler
     */
    CompletableFuture<CoordinationCounters> counters() {
        return CompletableFuture.supplyAsync(this::countersNow, node.scheduler());
    }

    /**
     * Returns the owners whose data this node coordinates, itself included while it stores anything.
     *
     * @return the owners, sorted
     */
    CompletableFuture<List<String>> coordinating() {
        return CompletableFuture.supplyAsync(this::coordinatingNow, node.scheduler());
    }

    /**
     * Returns the stripes this node coordinates, the lowest margin first.
     *
     * @return their margins now
     */
    CompletableFuture<List<StripeMargin>> margins() {
        return CompletableFuture.supplyAsync(this::marginsNow, node.scheduler());
    }

    private CoordinationCounters countersNow() {
        return repair.addTo(new CoordinationCounters(heartbeatsSent, heartbeatsReceived, refused, elections,
            handOvers, 0, 0, 0, 0));
    }

    private List<String> coordinatingNow() {
        final var owners = new ArrayList<>(coordinated.keySet());
        if (own.manifest().isPresent()) {
            owners.add(anId);
        }
        owners.sort(Comparator.naturalOrder());
        return owners;
    }

    private List<CoordinatedOwner> ownersNow(final long now) {
        final var owners = new ArrayList<CoordinatedOwner>();
        if (ownData != null && ownData.manifest().isPresent()) {
            owners.add(ownerNow(anId, ownData, now));
        }
        coordinated.forEach((owner, data) -> owners.add(ownerNow(owner, data, now)));
        owners.sort(Comparator.comparing(CoordinatedOwner::owner));
        return owners;
    }

    private CoordinatedOwner ownerNow(final String owner, final CoordinatedData data, final long now) {
        final var margins = marginsOf(owner, data, now);
        return new CoordinatedOwner(owner, margins.size(),
            (int) margins.stream().filter(margin -> margin.live() == margin.total()).count(),
            margins.stream().mapToInt(StripeMargin::live).min().orElse(0), data.reporting(now, liveness()),
            data.counted(now, liveness()));
    }

    private List<StripeMargin> marginsNow() {
        final long now = node.clock().nanoTime();
        final var margins = new ArrayList<StripeMargin>();
        if (ownData != null) {
            margins.addAll(marginsOf(anId, ownData, now));
        }
        coordinated.forEach((owner, data) -> margins.addAll(marginsOf(owner, data, now)));
        margins.sort(Comparator.comparingInt(StripeMargin::margin).thenComparing(StripeMargin::owner)
            .thenComparingInt(StripeMargin::segment));
        return margins;
    }

    /**
     * Returns whom this node reports to for an owner's data, for tests and diagnosis.
     *
     * @param owner the owner
     * @return the coordinator it follows, or empty if it holds nothing of the owner
     */
    CompletableFuture<Optional<NodeId>> coordinatorOf(final String owner) {
        return CompletableFuture.supplyAsync(() -> coordinated.containsKey(owner) || owner.equals(anId)
            ? Optional.of(node.id()) : Optional.ofNullable(following.get(owner)).map(f -> f.coordinator),
            node.scheduler());
    }

    // ---- the holder's part ----

    private void report(final String owner, final List<CoordinationMessage.HeldChunk> chunks) {
        final var followed = following.computeIfAbsent(owner, o -> new Following(NodeId.ofAccessNode(o)));
        if (followed.busy) {
            return;
        }
        final var data = coordinated.get(owner);
        if (data != null) {
            // This node coordinates: its own report needs no message.
            data.report(node.id(), chunks, node.clock().nanoTime());
            data.extendTo(latestExpiry(chunks));
            return;
        }
        followed.busy = true;
        final var target = followed.coordinator;
        send(target, heartbeat(owner, chunks, false, followed)).thenCompose(answer -> {
            if (answer.isPresent() && answer.orElseThrow().self()) {
                return CompletableFuture.completedFuture(answer);
            }
            // A node that follows another names it: ask that one, once.
            final var named = answer.map(CoordinationMessage.Coordinator::coordinator)
                .filter(next -> !next.equals(target) && !next.equals(node.id()));
            return named.isPresent() ? send(named.orElseThrow(), heartbeat(owner, chunks, false, followed))
                : CompletableFuture.completedFuture(Optional.<CoordinationMessage.Coordinator>empty());
        }).thenComposeAsync(answer -> {
            if (answer.isPresent() && answer.orElseThrow().self()) {
                follow(owner, followed, answer.orElseThrow(), chunks);
                return DONE;
            }
            return elect(owner, followed, chunks, target);
        }, node.scheduler()).whenCompleteAsync((done, failure) -> {
            followed.busy = false;
            if (failure != null) {
                LOG.log(Level.WARNING, "{0}: reporting to the coordinator of {1} failed", anId, owner, failure);
            }
        }, node.scheduler());
    }

    private CoordinationMessage.Heartbeat heartbeat(final String owner,
            final List<CoordinationMessage.HeldChunk> chunks, final boolean elect, final Following followed) {
        final var self = node.contact();
        return new CoordinationMessage.Heartbeat(owner, self.address().getPort(), node.commandPort(), elect,
            FollowedManifest.generationOf(followed.manifest), chunks);
    }

    /** Takes a coordinator's answer: whom to follow, the holder list, and the owner's storing deadline. */
    private void follow(final String owner, final Following followed, final CoordinationMessage.Coordinator answer,
            final List<CoordinationMessage.HeldChunk> chunks) {
        followed.coordinator = answer.coordinator();
        followed.confirmedNanos = node.clock().nanoTime();
        answer.manifest().filter(manifest -> manifest.anId().equals(owner)
                && manifest.generation() >= FollowedManifest.generationOf(followed.manifest))
            .ifPresent(manifest -> followed.manifest = Optional.of(FollowedManifest.of(manifest,
                ELECTION_CANDIDATES, node.id())));
        if (answer.expiresAtMillis() <= 0 || followed.manifest.isEmpty()) {
            return;
        }
        // The delayed extension: what the owner asked for reaches every holder through the coordinator.
        final var current = followed.manifest.orElseThrow();
        final long now = node.clock().millis();
        for (var chunk : chunks) {
            final var generation = current.segmentGeneration(chunk.segment());
            if (generation.isPresent() && generation.getAsLong() == chunk.generation()
                    && chunk.expiresAtMillis() < answer.expiresAtMillis() && answer.expiresAtMillis() > now) {
                store.extend(AccessNodeAgent.chunkKey(owner, chunk.segment(), chunk.generation(), chunk.index()),
                    Duration.ofMillis(answer.expiresAtMillis() - now));
            }
        }
    }

    /**
     * Finds a new coordinator after the known one was silent: the owner if it answers, else the lowest node id of the
     * last holder list that answers, this node included. A holder that has no list yet reads the newest from the
     * overlay.
     */
    private CompletableFuture<Void> elect(final String owner, final Following followed,
            final List<CoordinationMessage.HeldChunk> chunks, final NodeId silent) {
        elections++;
        final CompletableFuture<Optional<Manifest>> read = followed.manifest.isPresent()
            ? CompletableFuture.completedFuture(Optional.empty()) : reader.newestManifest(owner);
        return read.thenComposeAsync(manifest -> {
            manifest.ifPresent(list -> followed.manifest = Optional.of(FollowedManifest.of(list,
                ELECTION_CANDIDATES, node.id())));
            final var candidates = new ArrayList<NodeId>();
            candidates.add(NodeId.ofAccessNode(owner));
            followed.manifest.ifPresent(known -> candidates.addAll(known.lowestHolders()));
            candidates.remove(silent);
            return tryCandidates(owner, followed, chunks, candidates, 0);
        }, node.scheduler());
    }

    private CompletableFuture<Void> tryCandidates(final String owner, final Following followed,
            final List<CoordinationMessage.HeldChunk> chunks, final List<NodeId> candidates, final int probes) {
        if (candidates.isEmpty() || probes >= ELECTION_PROBES) {
            // Nobody answered: the next interval tries again.
            return DONE;
        }
        final var candidate = candidates.getFirst();
        final var rest = candidates.subList(1, candidates.size());
        if (candidate.equals(node.id())) {
            // A candidate: it kept the whole list.
            return takeOverWithList(owner, followed.manifest.flatMap(FollowedManifest::whole), latestExpiry(chunks))
                .thenAccept(taken -> { });
        }
        return send(candidate, heartbeat(owner, chunks, true, followed)).thenComposeAsync(answer -> {
            if (answer.isPresent() && answer.orElseThrow().self()) {
                follow(owner, followed, answer.orElseThrow(), chunks);
                return DONE;
            }
            return tryCandidates(owner, followed, chunks, rest, probes + 1);
        }, node.scheduler());
    }

    // ---- the coordinator's part ----

    private CompletableFuture<CoordinationMessage> onHeartbeat(final CommandOrigin origin,
            final CoordinationMessage.Heartbeat heartbeat) {
        final var owner = heartbeat.owner();
        directory.learn(new Contact(origin.sender(), new InetSocketAddress(origin.address(), heartbeat.udpPort()),
            heartbeat.tcpPort()));
        if (owner.equals(anId)) {
            if (ownData == null) {
                startOwnData(node.clock().nanoTime());
            }
            return CompletableFuture.completedFuture(record(origin.sender(), heartbeat, ownData));
        }
        final var data = coordinated.get(owner);
        if (data != null) {
            return CompletableFuture.completedFuture(record(origin.sender(), heartbeat, data));
        }
        final var followed = following.get(owner);
        final boolean followsLiveCoordinator = followed != null && !followed.coordinator.equals(node.id())
            && node.clock().nanoTime() - followed.confirmedNanos < settings.interval().toNanos();
        if (!heartbeat.elect() || followsLiveCoordinator) {
            if (followed == null) {
                return CompletableFuture.completedFuture(refuse(anId + " holds nothing of " + owner));
            }
            return CompletableFuture.completedFuture(new CoordinationMessage.Coordinator(followed.coordinator, false,
                0, Optional.empty()));
        }
        // Elected: take over with the holder list this node has as a candidate, or the newest in the overlay.
        final var list = followed == null ? Optional.<Manifest>empty()
            : followed.manifest.flatMap(FollowedManifest::whole);
        return takeOverWithList(owner, list, latestExpiry(heartbeat.chunks()))
            .thenApply(taken -> record(origin.sender(), heartbeat, taken));
    }

    /**
     * Takes over as the coordinator of an owner's data once elected, with the given holder list (a candidate keeps
     * the last it got), else the newest in the overlay; unless this node took over meanwhile.
     */
    private CompletableFuture<CoordinatedData> takeOverWithList(final String owner, final Optional<Manifest> read,
            final Instant expiresAt) {
        final var existing = coordinated.get(owner);
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        // The other holders' election heartbeats arrive while the list is read: one read serves them all.
        final var pending = takingOver.get(owner);
        if (pending != null) {
            return pending;
        }
        final CompletableFuture<Optional<Manifest>> list = read.isPresent()
            ? CompletableFuture.completedFuture(read) : reader.newestManifest(owner);
        final var taking = list.handleAsync((manifest, failure) -> {
            takingOver.remove(owner);
            if (failure != null) {
                throw new CompletionException(failure);
            }
            final var meanwhile = coordinated.get(owner);
            return meanwhile != null ? meanwhile : takeOver(owner, manifest, expiresAt);
        }, node.scheduler());
        if (!taking.isDone()) {
            takingOver.put(owner, taking);
        }
        return taking;
    }

    private CoordinatedData takeOver(final String owner, final Optional<Manifest> manifest, final Instant expiresAt) {
        LOG.log(Level.INFO, "{0}: coordinating the data of {1}", anId, owner);
        final var data = new CoordinatedData(node.clock().nanoTime(), manifest, expiresAt);
        coordinated.put(owner, data);
        following.computeIfAbsent(owner, o -> new Following(node.id())).coordinator = node.id();
        pollHolders(owner, data);
        return data;
    }

    /**
     * Asks every holder the list names what it holds of the owner, then counts the stripes at once: a new coordinator
     * repairs within a round trip instead of an interval and a half, which matters with long intervals under churn.
     */
    private void pollHolders(final String owner, final CoordinatedData data) {
        final var holders = data.manifest().map(list -> list.segments().values().stream()
            .flatMap(version -> version.holders().stream()).filter(holder -> !holder.equals(node.id()))
            .distinct().toList()).orElse(List.of());
        final var answers = holders.stream().map(holder -> poll(holder, owner).thenAcceptAsync(answer ->
            answer.ifPresent(held -> data.report(holder, held.chunks(), node.clock().nanoTime())), node.scheduler()))
            .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(answers).whenCompleteAsync((done, failure) -> {
            if (!coordinates(owner, data)) {
                return;
            }
            data.polled();
            review(owner, data, node.clock().nanoTime());
        }, node.scheduler());
    }

    /** Answers a new coordinator's poll with what this node holds of the owner. */
    private CoordinationMessage onPoll(final CoordinationMessage.Poll poll) {
        final var followed = following.get(poll.owner());
        final long known = followed == null ? 0 : FollowedManifest.generationOf(followed.manifest);
        final var contact = node.contact();
        return new CoordinationMessage.Heartbeat(poll.owner(), contact.address().getPort(), contact.tcpPort(), false,
            known, heldChunks.of(poll.owner()));
    }

    /** Polls a holder; empty if it cannot be found or does not answer. */
    private CompletableFuture<Optional<CoordinationMessage.Heartbeat>> poll(final NodeId holder, final String owner) {
        return directory.resolve(holder).thenCompose(contact -> contact
            .map(found -> node.command(found, new CoordinationMessage.Poll(owner).toBytes()).thenApply(bytes ->
                CoordinationMessage.fromBytes(bytes) instanceof CoordinationMessage.Heartbeat held
                    && held.owner().equals(owner) ? Optional.of(held) : Optional.<CoordinationMessage.Heartbeat>empty())
                .exceptionally(failure -> {
                    directory.forget(holder);
                    return Optional.empty();
                }))
            .orElse(CompletableFuture.completedFuture(Optional.empty())));
    }

    private CoordinationMessage record(final NodeId holder, final CoordinationMessage.Heartbeat heartbeat,
            final CoordinatedData data) {
        heartbeatsReceived++;
        data.report(holder, heartbeat.chunks(), node.clock().nanoTime());
        if (data != ownData) {
            data.extendTo(latestExpiry(heartbeat.chunks()));
        }
        final var newer = data.manifest().filter(manifest -> manifest.generation() != heartbeat.knownGeneration());
        return new CoordinationMessage.Coordinator(node.id(), true, data.expiresAt().toEpochMilli(), newer);
    }

    private CompletableFuture<CoordinationMessage> onHandOver(final CoordinationMessage.HandOver handOver) {
        final var owner = handOver.owner();
        if (owner.equals(anId)) {
            handOvers++;
            // The owner takes back the holders its coordinators repaired, for the versions it still stores.
            final var mine = own.manifest();
            final var repaired = new HashMap<Integer, SegmentVersion>();
            mine.ifPresent(current -> handOver.manifest().segments().forEach((segment, version) -> {
                final var stored = current.segments().get(segment);
                if (stored != null && stored.generation() == version.generation()
                        && stored.digest().equals(version.digest()) && !stored.holders().equals(version.holders())) {
                    repaired.put(segment, version);
                }
            }));
            final var adopted = repaired.isEmpty() ? DONE : own.adopt(repaired);
            return adopted.thenApply(ignored -> new CoordinationMessage.Coordinator(node.id(), true,
                own.expiresAt().toEpochMilli(), Optional.empty()));
        }
        final var data = coordinated.get(owner);
        if (data == null) {
            return CompletableFuture.completedFuture(refuse(anId + " does not coordinate the data of " + owner));
        }
        handOvers++;
        if (data.manifest().map(Manifest::generation).orElse(-1L) < handOver.manifest().generation()) {
            data.manifest(Optional.of(handOver.manifest()));
        }
        data.extendTo(Instant.ofEpochMilli(handOver.expiresAtMillis()));
        return CompletableFuture.completedFuture(new CoordinationMessage.Coordinator(node.id(), true,
            data.expiresAt().toEpochMilli(), Optional.empty()));
    }

    /**
     * Asks the owner, then a few of the listed holders that do not report to this node (gone, or following another
     * coordinator), a few more each interval, whether one of them knows a better coordinator; hands over if so.
     */
    private void lookForBetterCoordinator(final String owner) {
        final var data = coordinated.get(owner);
        if (data == null || data.manifest().isEmpty()) {
            return;
        }
        final var candidates = new ArrayList<NodeId>();
        candidates.add(NodeId.ofAccessNode(owner));
        candidates.addAll(data.nextSilentHolders(node.id(), node.clock().nanoTime(), liveness(), DISCOVERY_PROBES));
        final var chunks = heldChunks.of(owner);
        probe(owner, data, chunks, candidates);
    }

    private void probe(final String owner, final CoordinatedData data, final List<CoordinationMessage.HeldChunk> chunks,
            final List<NodeId> candidates) {
        if (candidates.isEmpty() || coordinated.get(owner) != data) {
            return;
        }
        final var candidate = candidates.getFirst();
        final var rest = candidates.subList(1, candidates.size());
        final var followed = following.computeIfAbsent(owner, o -> new Following(node.id()));
        send(candidate, heartbeat(owner, chunks, false, followed)).thenAcceptAsync(answer -> {
            final var better = answer.map(CoordinationMessage.Coordinator::coordinator)
                .filter(named -> !named.equals(node.id())
                    && (named.equals(NodeId.ofAccessNode(owner)) || named.compareUnsigned(node.id()) < 0));
            if (better.isEmpty() || coordinated.get(owner) != data) {
                probe(owner, data, chunks, rest);
                return;
            }
            stepDown(owner, data, better.orElseThrow(), chunks);
        }, node.scheduler());
    }

    private void stepDown(final String owner, final CoordinatedData data, final NodeId to,
            final List<CoordinationMessage.HeldChunk> chunks) {
        final var message = new CoordinationMessage.HandOver(owner, data.manifest().orElseThrow(),
            data.expiresAt().toEpochMilli());
        send(to, message).thenAcceptAsync(answer -> {
            if (answer.isPresent() && answer.orElseThrow().self() && coordinated.get(owner) == data) {
                LOG.log(Level.INFO, "{0}: handed the data of {1} over to {2}", anId, owner, to);
                handOvers++;
                coordinated.remove(owner);
                final var followed = following.computeIfAbsent(owner, o -> new Following(to));
                followed.coordinator = to;
                follow(owner, followed, answer.orElseThrow(), chunks);
            }
        }, node.scheduler());
    }

    private void review(final String owner, final CoordinatedData data, final long now) {
        if (data.manifest().isEmpty() || !data.counted(now, liveness())) {
            // Holders have not all had the time to report yet.
            return;
        }
        data.forgetSilent(now, liveness());
        final var doubtful = new HashSet<NodeId>();
        data.manifest().orElseThrow().segments().forEach((segment, version) -> {
            final var live = liveChunks(owner, segment, version, data, now);
            final int count = live.cardinality();
            final int needed = version.coding().dataChunks();
            if (count < needed && owner.equals(anId)) {
                // Beyond repair, but the owner has the sessions in its memory.
                own.storeAgain(segment);
                return;
            }
            if (owner.equals(anId) && count == version.holders().size() && spread(segment, version, data, now)) {
                return;
            }
            if (data.newlyAtRisk(segment, version.generation(), count == needed)) {
                listeners.forEach(listener -> listener.dataAtRisk(anId, owner, segment, count, needed));
            }
            final int threshold = settings.repairThreshold(version.coding());
            if (settings.repair() && count >= needed && count <= threshold && data.startRepair(segment)) {
                repair(owner, segment, version, live, data).whenCompleteAsync((done, failure) -> {
                    data.endRepair(segment);
                    if (failure != null) {
                        LOG.log(Level.WARNING, "{0}: repairing segment {1} of {2} failed: {3}", anId, segment, owner,
                            AccessNodeAgent.rootMessage(failure));
                    }
                }, node.scheduler());
            } else if (settings.repair() && count > threshold && count < version.holders().size()
                    && count <= threshold + verifyMargin(version.coding())
                    && data.mayVerify(segment, now, settings.interval().toNanos() / 2)) {
                doubtful.addAll(unconfirmed(version, live, data, now));
            }
        });
        if (!doubtful.isEmpty()) {
            verify(owner, data, doubtful);
        }
    }

    /**
     * How far above the repair threshold a stripe's count is checked with its holders before it is trusted: a quarter
     * of the coding chunks, at least one. A stripe whose every chunk counts is not checked, only one that lost some.
     */
    private static int verifyMargin(final CodingParameters coding) {
        return Math.max(1, coding.codingChunks() / 4);
    }

    /** The holders of a stripe's live chunks that have not reported within the last quarter interval. */
    private List<NodeId> unconfirmed(final SegmentVersion version, final BitSet live, final CoordinatedData data,
            final long now) {
        final long recent = settings.interval().toNanos() / 4;
        return live.stream().mapToObj(version.holders()::get)
            .filter(holder -> !holder.equals(node.id()) && !data.reporting(holder, now, recent)).toList();
    }

    /**
     * Asks holders whether they still hold what they last reported, then counts the stripes again. A holder that
     * crashed after its last report counts as live for up to an interval and a half; under churn, a stripe counted
     * just above the repair threshold may in truth be below it, and waiting for the count to catch up can cost the
     * stripe. A holder that does not answer no longer counts.
     */
    private void verify(final String owner, final CoordinatedData data, final Set<NodeId> holders) {
        final var answers = holders.stream().map(holder -> poll(holder, owner).thenAcceptAsync(answer -> {
            if (answer.isPresent()) {
                data.report(holder, answer.orElseThrow().chunks(), node.clock().nanoTime());
            } else {
                data.silent(holder);
            }
        }, node.scheduler())).toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(answers).whenCompleteAsync((done, failure) -> {
            if (coordinates(owner, data)) {
                review(owner, data, node.clock().nanoTime());
            }
        }, node.scheduler());
    }

    /** Tells whether this node still coordinates an owner's data as the given one. */
    private boolean coordinates(final String owner, final CoordinatedData data) {
        return coordinated.get(owner) == data || owner.equals(anId) && data == ownData;
    }

    /**
     * Stores one of this node's own stripes again when the two nodes that hold most of its chunks hold more than the
     * stripe can lose (k), while an even placement over the members that answer now would not: it was stored while
     * this node knew few others. At most once in a while per stripe.
     *
     * @return true if it is to be stored again
     */
    private boolean spread(final int segment, final SegmentVersion version, final CoordinatedData data,
            final long now) {
        final var perHolder = new HashMap<NodeId, Integer>();
        version.holders().forEach(holder -> perHolder.merge(holder, 1, Integer::sum));
        final int twoMost = perHolder.values().stream().sorted(Comparator.reverseOrder()).limit(2)
            .mapToInt(Integer::intValue).sum();
        final int canLose = version.coding().codingChunks();
        if (twoMost <= canLose) {
            return false;
        }
        // Among the members that answer: with some down, a new placement may do no better.
        final var table = node.routingTable();
        final int answering = (int) table.contacts().stream().filter(contact -> !table.suspect(contact.id())).count();
        final int fairShare = StripeHolders.fairShare(version.holders().size(), answering);
        if (2 * fairShare > canLose
                || !data.mayRebalance(segment, now, REBALANCE_INTERVALS * settings.interval().toNanos())) {
            return false;
        }
        LOG.log(Level.INFO, "{0}: storing segment {1} again to spread it: two nodes hold {2} of its {3} chunks, more "
            + "than the {4} it can lose", anId, segment, twoMost, version.holders().size(), canLose);
        own.storeAgain(segment);
        return true;
    }

    private List<StripeMargin> marginsOf(final String owner, final CoordinatedData data, final long now) {
        final var margins = new ArrayList<StripeMargin>();
        data.manifest().ifPresent(manifest -> manifest.segments().forEach((segment, version) -> margins.add(
            new StripeMargin(owner, segment, version.generation(), liveChunks(owner, segment, version, data, now)
                .cardinality(), version.coding().dataChunks(), version.coding().totalChunks()))));
        return margins;
    }

    private BitSet liveChunks(final String owner, final int segment, final SegmentVersion version,
            final CoordinatedData data, final long now) {
        return data.live(segment, version, now, liveness(), index -> version.holders().get(index).equals(node.id())
            && store.expiry(AccessNodeAgent.chunkKey(owner, segment, version.generation(), index)).isPresent());
    }

    private long liveness() {
        return settings.interval().toNanos() / 2 * LIVENESS_HALF_INTERVALS;
    }

    /**
     * Repairs a stripe for what is left of the owner's storing time, then publishes the new holder list; data whose
     * storing time is over is not repaired, so that the data of an owner gone for good still expires.
     */
    private CompletableFuture<Void> repair(final String owner, final int segment, final SegmentVersion version,
            final BitSet live, final CoordinatedData data) {
        final var remaining = Duration.between(node.clock().instant(), owner.equals(anId) ? own.expiresAt()
            : data.expiresAt());
        if (remaining.toSeconds() < 1) {
            return DONE;
        }
        LOG.log(Level.INFO, "{0}: repairing segment {1} of {2}: {3} of {4} chunks live", anId, segment, owner,
            live.cardinality(), version.holders().size());
        return repair.repair(owner, segment, version, live, remaining).thenComposeAsync(repaired -> {
            final int placed = (int) IntStream.range(0, repaired.holders().size())
                .filter(index -> !repaired.holders().get(index).equals(version.holders().get(index))).count();
            listeners.forEach(listener -> listener.repaired(anId, owner, segment, placed));
            if (owner.equals(anId)) {
                return own.adopt(Map.of(segment, repaired));
            }
            // Work done for another node's data: m chunks read, the lost ones written.
            usefulness.gaveSpecial(version.chunkBytes() * (version.coding().dataChunks() + placed));
            data.repaired(segment, repaired);
            if (coordinated.get(owner) == data) {
                return republishManifest(owner, data);
            }
            return handRepairsOver(owner, data);
        }, node.scheduler());
    }

    /**
     * Gives the coordinator this node handed the data over to while it was repairing a stripe the holders it placed:
     * not publishing them itself, so that a former coordinator never writes the holder list beside the new one.
     */
    private CompletableFuture<Void> handRepairsOver(final String owner, final CoordinatedData data) {
        final var followed = following.get(owner);
        final var withRepairs = data.manifest().flatMap(data::applyRepairs);
        if (followed == null || withRepairs.isEmpty()) {
            return DONE;
        }
        return send(followed.coordinator, new CoordinationMessage.HandOver(owner, withRepairs.orElseThrow(),
            data.expiresAt().toEpochMilli())).thenApply(answer -> (Void) null);
    }

    /**
     * Keeps the owner's holder list on the nodes closest to its key, for what is left of its storing time, without
     * ever putting back an older list: a newer one in the overlay (the owner stored again, from beyond a partition,
     * or another coordinator repaired) is taken, with this node's repairs of the same versions applied to it. The
     * replicas refuse a list older than theirs ({@link ManifestOrder}), so a list that became stale between the read
     * and the write does not land either.
     */
    private CompletableFuture<Void> republishManifest(final String owner, final CoordinatedData data) {
        if (data.manifest().isEmpty() || Duration.between(node.clock().instant(), data.expiresAt()).toSeconds() < 1) {
            return DONE;
        }
        return reader.newestManifest(owner).thenComposeAsync(inOverlay -> {
            if (coordinated.get(owner) != data) {
                // Handed over meanwhile.
                return handRepairsOver(owner, data);
            }
            final var ours = data.manifest().orElseThrow();
            final boolean newerOutThere = inOverlay.filter(newest -> newest.generation() > ours.generation())
                .isPresent();
            final var base = newerOutThere ? inOverlay.orElseThrow() : ours;
            final var withRepairs = data.applyRepairs(base);
            final var current = withRepairs.orElse(base);
            data.manifest(Optional.of(current));
            final var remaining = Duration.between(node.clock().instant(), data.expiresAt());
            if (newerOutThere && withRepairs.isEmpty() || remaining.toSeconds() < 1) {
                return DONE;
            }
            return node.store(AccessNodeAgent.manifestKey(owner), current.toBytes(), remaining)
                .thenApply(outcomes -> (Void) null);
        }, node.scheduler());
    }

    private boolean expired(final CoordinatedData data) {
        return !node.clock().instant().isBefore(data.expiresAt())
            && node.clock().nanoTime() - data.sinceNanos() > liveness();
    }

    // ---- messages ----

    /** Sends a message to a node by its id; empty if it cannot be found, is silent or does not coordinate. */
    private CompletableFuture<Optional<CoordinationMessage.Coordinator>> send(final NodeId to,
            final CoordinationMessage message) {
        if (message instanceof CoordinationMessage.Heartbeat) {
            heartbeatsSent++;
        }
        return directory.resolve(to).thenCompose(contact -> contact
                .map(found -> node.command(found, message.toBytes()).thenApply(bytes -> {
                    final var answer = CoordinationMessage.fromBytes(bytes);
                    return answer instanceof CoordinationMessage.Coordinator coordinator ? Optional.of(coordinator)
                        : Optional.<CoordinationMessage.Coordinator>empty();
                }).exceptionally(failure -> {
                    directory.forget(to);
                    return Optional.empty();
                }))
                .orElse(CompletableFuture.completedFuture(Optional.empty())));
    }

    private CoordinationMessage refuse(final String reason) {
        refused++;
        return new CoordinationMessage.Refused(reason);
    }

    private static Instant latestExpiry(final List<CoordinationMessage.HeldChunk> chunks) {
        return Instant.ofEpochMilli(latestExpiryMillis(chunks));
    }

    private static long latestExpiryMillis(final List<CoordinationMessage.HeldChunk> chunks) {
        return chunks.stream().mapToLong(CoordinationMessage.HeldChunk::expiresAtMillis).max().orElse(0);
    }
}
