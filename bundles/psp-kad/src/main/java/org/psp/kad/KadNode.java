/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import io.netty.channel.EventLoopGroup;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One member of the Kad overlay: an endpoint of an {@link OverlayNetwork} (UDP and TCP on Netty in production) that
 * answers PING, FIND_NODE, FIND_VALUE, STORE, DELETE and the index's INDEX_PUT and INDEX_FIND, keeps a routing table
 * of every node it hears from, and runs iterative lookups. Its timers run on its {@linkplain #scheduler() scheduler},
 * by its {@linkplain #clock() clock}.
 *
 * <p>A {@linkplain #startClient client} (a controller, a management tool) uses the overlay without being part of it:
 * it announces TCP port 0, so that no member puts it into its routing table, hands it out in lookups or places values
 * on it, and it holds nothing.
 *
 * <p>Every datagram is authenticated with the overlay key and checked against a replay window; anything else is
 * dropped and counted in {@link #stats()}. Request timeouts follow the measured round-trip times.
 */
public final class KadNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KadNode.class.getName());
    private static final long TRANSFER_TIMEOUT_SECONDS = 30;

    private final KadConfig config;
    private final OverlayClock clock;
    private final NodeId id;
    private final RoutingTable table;
    private final ValueStore store;
    private final OverlayIndex index;
    private final KadStats stats = new KadStats();
    private final PendingRequests pending;
    private final Set<NodeId> checking = ConcurrentHashMap.newKeySet();
    private final RoundTripEstimator roundTrips;
    private final OverlayScheduler scheduler;
    private final OverlayEndpoint endpoint;
    private final Contact contact;
    private final OverlayScheduler.Scheduled maintenance;
    private final LivenessSweep sweep;
    private final ReplayGuard replays;
    private final Random random;
    private volatile CommandHandler commands;
    private volatile ReservationGuard reservationGuard = ReservationGuard.NONE;
    /** The members it joined through, asked again at maintenance when the routing table has lost them. */
    private volatile List<InetSocketAddress> joinedThrough = List.of();
    /** Set once the node is built: what arrives before is dropped, and its sender asks again. */
    private volatile boolean running;

    private KadNode(final KadConfig config, final OverlayNetwork network, final ValueStore store, final boolean client,
            final OverlayClock clock) throws InterruptedException {
        this.config = requireNonNull(config);
        this.store = requireNonNull(store);
        this.clock = requireNonNull(clock);
        id = NodeId.ofAccessNode(config.anId());
        // Seeded by the node and the time: distinct in every run, and the same in a simulation run again.
        random = new Random(id.hashCode() * 31L + clock.nanoTime());
        table = new RoutingTable(id, config.bucketSize(), clock::nanoTime);
        roundTrips = new RoundTripEstimator(config.minTimeout(), config.maxTimeout());
        replays = new ReplayGuard(config.replayWindow().toMillis(), clock::millis);
        scheduler = network.scheduler();
        pending = new PendingRequests(clock, scheduler, roundTrips, stats.timeouts::increment, this::silent,
            random.nextLong());
        endpoint = network.open(scheduler, config.bindAddress(), config.tcpPort(), config.overlayKey(),
            new Inbound());
        contact = new Contact(id, endpoint.datagramAddress(), client ? 0 : endpoint.streamPort());
        index = new OverlayIndex(this, new IndexTable(client ? 0 : IndexTable.DEFAULT_MAX_RECORDS));
        sweep = new LivenessSweep(this, scheduler, clock::nanoTime);
        final long interval = config.maintenanceInterval().toNanos();
        maintenance = scheduler.scheduleWithFixedDelay(() -> {
            index.table().purge(clock.millis());
            refresh(interval);
            rejoin();
        }, interval, interval, TimeUnit.NANOSECONDS);
        running = true;
    }

    /**
     * Starts a node: binds its UDP socket and its TCP port. It knows no other node until it {@linkplain #join joins}.
     *
     * @param config its settings
     * @param group the event loops it runs on, shared by any number of nodes
     * @param store where it keeps values others store on it
     * @return the running node
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public static KadNode start(final KadConfig config, final EventLoopGroup group, final ValueStore store)
            throws InterruptedException {
        return start(config, new NettyOverlayNetwork(group), store, OverlayClock.system());
    }

    /**
     * Starts a node on the given network, running by the given clock.
     *
     * @param config its settings
     * @param network the network it runs on
     * @param store where it keeps values others store on it
     * @param clock its time
     * @return the running node
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public static KadNode start(final KadConfig config, final OverlayNetwork network, final ValueStore store,
            final OverlayClock clock) throws InterruptedException {
        return new KadNode(config, network, store, false, clock);
    }

    /**
     * Starts a client of the overlay: it looks up, reads, stores and sends commands like a member, but the members do
     * not add it to their routing tables and it refuses every value, so that nothing is ever placed on it. Its
     * {@linkplain #contact() contact} has TCP port 0.
     *
     * @param config its settings; its TCP port only receives the answers to its own transfers
     * @param group the event loops it runs on
     * @return the running client
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public static KadNode startClient(final KadConfig config, final EventLoopGroup group)
            throws InterruptedException {
        return startClient(config, new NettyOverlayNetwork(group), OverlayClock.system());
    }

    /**
     * Starts a client of the overlay on the given network, running by the given clock.
     *
     * @param config its settings
     * @param network the network it runs on
     * @param clock its time
     * @return the running client
     * @throws InterruptedException if interrupted while binding
     * @throws java.io.UncheckedIOException if a port cannot be bound, naming it
     */
    public static KadNode startClient(final KadConfig config, final OverlayNetwork network, final OverlayClock clock)
            throws InterruptedException {
        return new KadNode(config, network, new MemoryValueStore(0), true, clock);
    }

    /**
     * Returns the time this node runs by.
     *
     * @return its clock
     */
    public OverlayClock clock() {
        return clock;
    }

    /**
     * Returns the scheduler this node's timers run on; the node's owner may schedule its own tasks there.
     *
     * @return its scheduler
     */
    public OverlayScheduler scheduler() {
        return scheduler;
    }

    /**
     * Returns this node's id.
     *
     * @return the MD5 of its access node id
     */
    public NodeId id() {
        return id;
    }

    /**
     * Returns this node as others reach it.
     *
     * @return its contact
     */
    public Contact contact() {
        return contact;
    }

    /**
     * Returns this node's settings.
     *
     * @return the configuration
     */
    public KadConfig config() {
        return config;
    }

    /**
     * Returns this node's routing table.
     *
     * @return the table
     */
    public RoutingTable routingTable() {
        return table;
    }

    /**
     * Returns this node's traffic counters.
     *
     * @return the counters
     */
    public KadStats stats() {
        return stats;
    }

    /**
     * Joins the overlay: pings the bootstrap contacts, looks up its own id, then refreshes every bucket once.
     *
     * @param bootstrap addresses of members
     * @return completes when joined; fails if no bootstrap contact answered
     */
    public CompletableFuture<Void> join(final List<InetSocketAddress> bootstrap) {
        joinedThrough = List.copyOf(bootstrap);
        final var pings = bootstrap.stream().map(this::ping).toList();
        return CompletableFuture.allOf(pings.stream().map(ping -> ping.exceptionally(failure -> null))
                .toArray(CompletableFuture[]::new))
            .thenCompose(ignored -> {
                if (pings.stream().allMatch(ping -> ping.isCompletedExceptionally()) && !bootstrap.isEmpty()) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                        "no bootstrap contact answered: " + bootstrap));
                }
                return lookup(id);
            })
            .thenCompose(ignored -> refresh(-1));
    }

    /**
     * Asks the bootstrap members that the routing table no longer holds whether they are back, and if one answers,
     * looks up the node's own id through it: an overlay that a partition split in two, each side having dropped the
     * other from its routing tables, becomes one again.
     */
    private void rejoin() {
        final var known = table.contacts().stream().map(Contact::address).collect(Collectors.toSet());
        final var lost = joinedThrough.stream().filter(address -> !known.contains(address)).toList();
        if (lost.isEmpty()) {
            return;
        }
        final var pings = lost.stream().map(address -> ping(address).handle((answered, silent) -> silent == null))
            .toList();
        CompletableFuture.allOf(pings.toArray(CompletableFuture[]::new))
            .thenCompose(ignored -> pings.stream().anyMatch(CompletableFuture::join)
                ? lookup(id).thenApply(found -> null) : CompletableFuture.completedFuture(null))
            .exceptionally(failure -> null);
    }

    /**
     * Refreshes the buckets nobody looked into for a while, as Kademlia prescribes (the caller schedules it).
     *
     * @param idleNanos how long a bucket may go untouched
     * @return completes when the refresh lookups are done
     */
    public CompletableFuture<Void> refresh(final long idleNanos) {
        return CompletableFuture.allOf(table.staleBucketTargets(idleNanos, random).stream()
            .map(this::lookup).toArray(CompletableFuture[]::new));
    }

    /**
     * Pings an address.
     *
     * @param address the address
     * @return the contact that answered
     */
    public CompletableFuture<Contact> ping(final InetSocketAddress address) {
        return send(address, null, new KadMessage.Ping())
            .thenApply(pong -> new Contact(pong.sender(), address, pong.tcpPort()));
    }

    /**
     * Finds the K closest live nodes to a target.
     *
     * @param target the target id
     * @return the lookup's outcome
     */
    public CompletableFuture<LookupResult> lookup(final NodeId target) {
        return lookup(target, config.bucketSize());
    }

    /**
     * Finds the given number of closest live nodes to a target: the lookup ends once that many closest have answered,
     * fewer than K a few requests before a full one.
     *
     * @param target the target id
     * @param wanted how many, from 1 to K
     * @return the lookup's outcome
     */
    public CompletableFuture<LookupResult> lookup(final NodeId target, final int wanted) {
        if (wanted < 1 || wanted > config.bucketSize()) {
            throw new IllegalArgumentException("a lookup finds 1 to " + config.bucketSize() + " nodes, not " + wanted);
        }
        return new Lookup(this, target, new KadMessage.FindNode(target), wanted, config.alpha(), (asked, answer) -> { })
            .run(table.closestResponsive(target, config.bucketSize()));
    }

    /**
     * Finds a node by its id: a lookup that follows only the closest contact it knows at each step, and so ends as
     * soon as the node itself answered. For a caller that wants one node's address, this takes a few requests where
     * finding the K closest takes a dozen.
     *
     * @param sought the node's id
     * @return its contact, or empty if the lookup did not reach it
     */
    public CompletableFuture<Optional<Contact>> locate(final NodeId sought) {
        return lookup(sought, 1)
            .thenApply(found -> found.closest().stream().filter(near -> near.id().equals(sought)).findFirst());
    }

    /**
     * Finds the value under a key, stopping at the first node that has it.
     *
     * @param key the key
     * @return the lookup's outcome, with the value if one was found
     */
    public CompletableFuture<LookupResult> findValue(final NodeId key) {
        final var local = store.get(key);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(new LookupResult(List.of(contact), local, 0, 0));
        }
        return new Lookup(this, key, new KadMessage.FindValue(key)).run(table.closestResponsive(key,
            config.bucketSize()));
    }

    /**
     * Asks one node for the value under a key, without a lookup: for callers that know where they placed it.
     *
     * @param holder the node
     * @param key the key
     * @return the value, or empty if the node does not hold it or does not answer
     */
    public CompletableFuture<Optional<byte[]>> findValueAt(final Contact holder, final NodeId key) {
        return request(holder, new KadMessage.FindValue(key))
            .thenCompose(response -> switch (response.body()) {
                case KadMessage.Value found -> CompletableFuture.completedFuture(Optional.of(found.value()));
                case KadMessage.HasValue large -> fetch(holder, key).thenApply(fetched ->
                    fetched.body() instanceof KadMessage.Value found ? Optional.of(found.value())
                        : Optional.<byte[]>empty());
                default -> CompletableFuture.completedFuture(Optional.<byte[]>empty());
            })
            .exceptionally(failure -> Optional.empty());
    }

    /**
     * Stores a value on the K closest nodes to its key.
     *
     * @param key the key
     * @param value the value, at most {@link KadMessage#MAX_VALUE_LENGTH} bytes
     * @param storingTime how long the holders keep it unless extended; zero for their default
     * @return what each of those nodes answered
     */
    public CompletableFuture<Map<Contact, ValueStore.Outcome>> store(final NodeId key, final byte[] value,
            final Duration storingTime) {
        return lookup(key).thenCompose(found -> collect(found.closest(),
            holder -> storeAt(holder, key, value, storingTime)
                .exceptionally(failure -> ValueStore.Outcome.refused("no answer: " + failure.getMessage()))));
    }

    /**
     * Stores a value on one given node, as a placement decided by the caller (one chunk of a stripe per node).
     *
     * @param holder the node
     * @param key the key
     * @param value the value
     * @param storingTime how long the holder keeps it unless extended; zero for its default
     * @return what the node answered; fails if it did not answer
     */
    public CompletableFuture<ValueStore.Outcome> storeAt(final Contact holder, final NodeId key, final byte[] value,
            final Duration storingTime) {
        return request(holder, new KadMessage.Store(key, value, storingSeconds(storingTime)))
            .thenApply(response -> response.body() instanceof KadMessage.StoreResult result
                ? new ValueStore.Outcome(result.accepted(), result.reason())
                : ValueStore.Outcome.refused("unexpected answer"));
    }

    /**
     * Asks one given node to set room aside for a value about to be stored under a key.
     *
     * @param holder the node
     * @param key the key
     * @param bytes the value's length
     * @param hold how long the room is held, at most {@link KadMessage#MAX_HOLD_SECONDS}
     * @param given this node's account: the bytes it gave others, weighted
     * @param taken the bytes others gave it, weighted
     * @param allowance the bytes it may take whatever it gives
     * @return what the node answered; fails if it did not answer
     */
    public CompletableFuture<ValueStore.Outcome> reserveAt(final Contact holder, final NodeId key, final int bytes,
            final Duration hold, final long given, final long taken, final long allowance) {
        return request(holder, new KadMessage.Reserve(key, bytes, (int) Math.max(1, hold.toSeconds()), given, taken,
            allowance))
            .thenApply(response -> response.body() instanceof KadMessage.StoreResult result
                ? new ValueStore.Outcome(result.accepted(), result.reason())
                : ValueStore.Outcome.refused("unexpected answer"));
    }

    /**
     * Deletes the value under a key from the K closest nodes to it. Holders may keep it, invisible, for a grace
     * period in which {@link #undelete(NodeId)} brings it back.
     *
     * @param key the key
     * @return for each of those nodes, whether it held the value
     */
    public CompletableFuture<Map<Contact, Boolean>> delete(final NodeId key) {
        return askClosest(key, new KadMessage.Delete(key));
    }

    /**
     * Brings back a deleted value on the K closest nodes to its key.
     *
     * @param key the key
     * @return for each of those nodes, whether the value is visible again there
     */
    public CompletableFuture<Map<Contact, Boolean>> undelete(final NodeId key) {
        return askClosest(key, new KadMessage.Undelete(key));
    }

    /**
     * Extends the storing time of the value under a key on the K closest nodes to it.
     *
     * @param key the key
     * @param storingTime the storing time from now
     * @return for each of those nodes, whether it holds the value
     */
    public CompletableFuture<Map<Contact, Boolean>> extend(final NodeId key, final Duration storingTime) {
        return askClosest(key, new KadMessage.Extend(key, storingSeconds(storingTime)));
    }

    /**
     * Deletes the value under a key on one given node.
     *
     * @param holder the node
     * @param key the key
     * @return true if it held the value
     */
    public CompletableFuture<Boolean> deleteAt(final Contact holder, final NodeId key) {
        return ask(holder, new KadMessage.Delete(key));
    }

    /**
     * Brings back a deleted value on one given node.
     *
     * @param holder the node
     * @param key the key
     * @return true if the value is visible again there
     */
    public CompletableFuture<Boolean> undeleteAt(final Contact holder, final NodeId key) {
        return ask(holder, new KadMessage.Undelete(key));
    }

    /**
     * Extends the storing time of the value under a key on one given node.
     *
     * @param holder the node
     * @param key the key
     * @param storingTime the storing time from now
     * @return true if the node holds the value
     */
    public CompletableFuture<Boolean> extendAt(final Contact holder, final NodeId key, final Duration storingTime) {
        return ask(holder, new KadMessage.Extend(key, storingSeconds(storingTime)));
    }

    /**
     * Returns the overlay's keyword index as this node sees it: the records it holds for others and how it publishes
     * and searches.
     *
     * @return its index
     */
    public OverlayIndex index() {
        return index;
    }

    /**
     * Serves administrative commands from other members with this handler; until one is installed, commands are
     * refused.
     *
     * @param handler the handler
     */
    public void serveCommands(final CommandHandler handler) {
        commands = requireNonNull(handler);
    }

    /**
     * Has a guard decide whether a member may ask for room here at all, before the store is asked.
     *
     * @param guard the guard
     */
    public void guardReservations(final ReservationGuard guard) {
        reservationGuard = requireNonNull(guard);
    }

    /**
     * Returns the TCP port this node takes commands on: its contact's TCP port for a member; for a client, which
     * members do not list, the port through which the access nodes it asks to report to it reach it.
     *
     * @return the port
     */
    public int commandPort() {
        return endpoint.streamPort();
    }

    /**
     * Sends an administrative command to a node, over TCP, and awaits its answer.
     *
     * @param to the node
     * @param request the command, in the receiving owner's encoding
     * @return the answer; fails if the node does not answer in time or serves no commands
     */
    public CompletableFuture<byte[]> command(final Contact to, final byte[] request) {
        return transfer(to, new KadMessage.Command(request)).thenCompose(response ->
            response.body() instanceof KadMessage.CommandResult result
                ? CompletableFuture.completedFuture(result.response())
                : CompletableFuture.failedFuture(new IllegalStateException(to.address() + " serves no commands")));
    }

    @SuppressWarnings("checkstyle:IllegalCatch")
    private CompletableFuture<KadMessage.Body> run(final CommandOrigin origin, final KadMessage.Command command) {
        final var handler = commands;
        if (handler == null) {
            return CompletableFuture.completedFuture(new KadMessage.Ack(false));
        }
        final CompletableFuture<byte[]> answer;
        try {
            answer = handler.handle(origin, command.request());
        } catch (RuntimeException e) {
            // The owner's failure, not the connection's: the caller hears a refusal, the connection stays.
            LOG.log(Level.WARNING, "a command handler failed", e);
            return CompletableFuture.completedFuture(new KadMessage.Ack(false));
        }
        return answer.handle((response, failure) -> failure == null ? new KadMessage.CommandResult(response)
            : new KadMessage.Ack(false));
    }

    private CompletableFuture<Map<Contact, Boolean>> askClosest(final NodeId key, final KadMessage.Body request) {
        return lookup(key).thenCompose(found -> collect(found.closest(), holder -> ask(holder, request)));
    }

    private CompletableFuture<Boolean> ask(final Contact holder, final KadMessage.Body request) {
        return request(holder, request)
            .thenApply(response -> response.body() instanceof KadMessage.Ack ack && ack.done())
            .exceptionally(failure -> false);
    }

    static int storingSeconds(final Duration storingTime) {
        if (storingTime.isNegative()) {
            throw new IllegalArgumentException("negative storing time " + storingTime);
        }
        // Whole seconds, rounded up, so that a short storing time is not taken for the holder's default.
        return (int) Math.min(Integer.MAX_VALUE, storingTime.plusNanos(999_999_999).toSeconds());
    }

    static <T> CompletableFuture<Map<Contact, T>> collect(final List<Contact> contacts,
            final Function<Contact, CompletableFuture<T>> call) {
        final var calls = new ArrayList<CompletableFuture<T>>();
        for (var target : contacts) {
            calls.add(call.apply(target));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            final var results = new LinkedHashMap<Contact, T>();
            for (int i = 0; i < contacts.size(); i++) {
                results.put(contacts.get(i), calls.get(i).join());
            }
            return results;
        });
    }

    /**
     * Runs a task once a request sent now is past its soft timeout, on this node's event loop.
     *
     * @param task the task
     * @return the timer, to cancel once the answer came
     */
    OverlayScheduler.Scheduled afterSoftTimeout(final Runnable task) {
        return scheduler.schedule(task, roundTrips.softTimeoutNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Sends a request to a contact and awaits its answer.
     *
     * @param to the contact
     * @param body the request
     * @return the response; fails with a {@link TimeoutException} if none comes in time
     */
    CompletableFuture<KadMessage> request(final Contact to, final KadMessage.Body body) {
        if (body instanceof KadMessage.Store put && put.value().length > KadMessage.MAX_DATAGRAM_VALUE) {
            return transfer(to, body);
        }
        return send(to.address(), to.id(), body);
    }

    /**
     * Fetches a value too large for a datagram from a node that holds it.
     *
     * @param from the node
     * @param key the key
     * @return its VALUE (or NODES, if it no longer holds the value)
     */
    CompletableFuture<KadMessage> fetch(final Contact from, final NodeId key) {
        return transfer(from, new KadMessage.FindValue(key));
    }

    private CompletableFuture<KadMessage> transfer(final Contact to, final KadMessage.Body body) {
        final var address = new InetSocketAddress(to.address().getAddress(), to.tcpPort());
        final var outstanding = pending.track(address, to.id(), false,
            TimeUnit.SECONDS.toNanos(TRANSFER_TIMEOUT_SECONDS));
        stats.sent.increment();
        endpoint.sendStream(address, new KadMessage(outstanding.requestId(), id, contact.tcpPort(),
                clock.millis(), body))
            .whenComplete((written, failure) -> {
                if (failure != null) {
                    pending.fail(outstanding, failure);
                }
            });
        return outstanding.future();
    }

    private CompletableFuture<KadMessage> send(final InetSocketAddress address, final NodeId expected,
            final KadMessage.Body body) {
        final var outstanding = pending.track(address, expected, true, roundTrips.timeoutNanos());
        write(address, new KadMessage(outstanding.requestId(), id, contact.tcpPort(), clock.millis(),
            body));
        return outstanding.future();
    }

    /** Takes note of a contact that left a datagram request unanswered. */
    private void silent(final NodeId contactId) {
        if (table.failed(contactId)) {
            stats.dropped.increment();
        }
        // A failure seldom comes alone: every contact is checked.
        sweep.failureSeen();
    }

    private KadMessage reply(final KadMessage request, final KadMessage.Body body) {
        return new KadMessage(request.requestId(), id, contact.tcpPort(), clock.millis(), body);
    }

    private void write(final InetSocketAddress address, final KadMessage message) {
        stats.sent.increment();
        endpoint.sendDatagram(address, message);
    }

    /** Learns a contact; when its bucket is full, checks the least recently seen contact before giving it up. */
    private void learn(final Contact heard) {
        final var update = table.update(heard);
        if (update instanceof RoutingTable.Update.Added && index.table().size() > 0) {
            scheduler.execute(() -> index.handOver(heard));
        } else if (update instanceof RoutingTable.Update.Full full
                && checking.add(full.leastRecentlySeen().id())) {
            final var oldest = full.leastRecentlySeen();
            request(oldest, new KadMessage.Ping()).whenComplete((pong, failure) -> {
                checking.remove(oldest.id());
                if (failure == null) {
                    table.update(oldest);
                }
            });
        }
    }

    /**
     * Answers a request, or completes the request a response answers.
     *
     * @param message what arrived
     * @param from its source address
     * @param viaTcp whether it came over TCP, where values of any size fit
     * @return the answer, or null for a response
     */
    private KadMessage.Body answer(final KadMessage message, final InetSocketAddress from, final boolean viaTcp) {
        // A sender without a TCP port is a client, not a member: it is never handed out as a contact.
        if (!viaTcp && message.tcpPort() != 0) {
            learn(new Contact(message.sender(), from, message.tcpPort()));
        }
        return switch (message.body()) {
            case KadMessage.Ping ping -> new KadMessage.Pong();
            // Never hands out contacts this node saw fail lately; and more than K, so that an asker still finds the K
            // closest live nodes when some of these failed unseen by this node.
            case KadMessage.FindNode find -> new KadMessage.Nodes(table.closestResponsive(find.target(),
                answerSize()));
            case KadMessage.FindValue find -> store.get(find.key())
                .<KadMessage.Body>map(value -> viaTcp || value.length <= KadMessage.MAX_DATAGRAM_VALUE
                    ? new KadMessage.Value(find.key(), value) : new KadMessage.HasValue(find.key(), value.length))
                .orElseGet(() -> new KadMessage.Nodes(table.closestResponsive(find.key(), answerSize())));
            case KadMessage.Store put -> {
                final var outcome = store.put(put.key(), put.value(), Duration.ofSeconds(put.storingSeconds()));
                yield new KadMessage.StoreResult(outcome.accepted(), outcome.reason());
            }
            case KadMessage.Reserve reserve -> {
                final var refusal = reservationGuard.refusal(message.sender(), reserve);
                final var outcome = refusal.isPresent() ? ValueStore.Outcome.refused(refusal.orElseThrow())
                    : store.reserve(reserve.key(), reserve.bytes(), Duration.ofSeconds(reserve.holdSeconds()));
                yield new KadMessage.StoreResult(outcome.accepted(), outcome.reason());
            }
            case KadMessage.Delete delete -> new KadMessage.Ack(store.delete(delete.key()));
            case KadMessage.Undelete undelete -> new KadMessage.Ack(store.undelete(undelete.key()));
            case KadMessage.Extend extend -> new KadMessage.Ack(store.extend(extend.key(),
                Duration.ofSeconds(extend.storingSeconds())));
            case KadMessage.IndexPut put -> index.answer(put);
            case KadMessage.IndexFind find -> index.answer(find);
            // Commands come over TCP only.
            case KadMessage.Command command -> new KadMessage.Ack(false);
            default -> {
                pending.answer(message, from);
                yield null;
            }
        };
    }

    /** Contacts in an answer to FIND_NODE or FIND_VALUE: twice K, as far as a datagram takes them. */
    private int answerSize() {
        return Math.min(2 * config.bucketSize(), KadMessage.MAX_CONTACTS);
    }

    /** Tells whether this node still runs, that is, has not been {@linkplain #close() closed}. */
    boolean isOpen() {
        return endpoint.isOpen();
    }

    /** Tells whether this node is checking its contacts after seeing one fail. */
    boolean sweeping() {
        return sweep.running();
    }

    /**
     * Stops at once, as a crash would look to the others: closes the sockets and fails the requests in flight.
     */
    @Override
    public void close() {
        maintenance.cancel();
        endpoint.close();
        pending.failAll("node closed");
    }

    /** Takes what the endpoint receives: drops replays, answers requests and completes the requests answered. */
    private final class Inbound implements OverlayEndpoint.Receiver {
        @Override
        public KadMessage datagram(final KadMessage message, final InetSocketAddress from) {
            if (!fresh(message)) {
                return null;
            }
            final var body = answer(message, from, false);
            if (body == null) {
                return null;
            }
            stats.sent.increment();
            return reply(message, body);
        }

        @Override
        public CompletionStage<KadMessage> stream(final KadMessage message, final InetSocketAddress from) {
            if (!fresh(message)) {
                return null;
            }
            if (message.body() instanceof KadMessage.Command command) {
                return run(new CommandOrigin(message.sender(), from.getAddress()), command)
                    .thenApply(result -> reply(message, result));
            }
            final var body = answer(message, from, true);
            return body == null ? null : CompletableFuture.completedFuture(reply(message, body));
        }

        @Override
        public void dropped(final KadCodecException failure) {
            (failure.authentic() ? stats.malformed : stats.unauthenticated).increment();
        }

        private boolean fresh(final KadMessage message) {
            if (!running) {
                return false;
            }
            if (!replays.accept(message)) {
                stats.replayed.increment();
                return false;
            }
            stats.received.increment();
            return true;
        }
    }
}
