/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * An iterative Kademlia lookup: it asks the alpha closest known nodes in parallel, learns closer ones from their
 * answers, and ends when the K closest nodes it knows have all answered (or, for FIND_VALUE, at the first value).
 * Its queries are FIND_NODE, FIND_VALUE, or the index's INDEX_PUT and INDEX_FIND, which store and gather index
 * records on the nodes it finds.
 *
 * <p>Two rules keep it fast when many nodes have failed: a contact that this node saw fail lately
 * ({@linkplain RoutingTable#suspect suspect}) is not asked, unless nothing else is left or it is the node looked for
 * (a node that came back is found at once); and a request that takes
 * longer than the soft timeout stops counting against alpha, so the lookup asks the next candidate instead of
 * waiting (as libtorrent's DHT does). After twice the soft timeout the lookup gives up on it and may end without
 * it; if it answers before the lookup ends, its answer still counts. The soft timeout follows the measured round
 * trips, so a live node is rarely that late, while a dead one costs a few milliseconds, not the request timeout.
 */
final class Lookup {
    private enum State { NEW, SUSPECT, ASKED, GIVEN_UP, ANSWERED, FAILED }

    private static final class Candidate {
        final Contact contact;
        final int depth;
        State state;
        // Asked, and past the soft timeout: no longer counted in flight.
        boolean slow;
        // The soft timeout running while it is asked, cancelled by its answer.
        OverlayScheduler.Scheduled timer;

        Candidate(final Contact contact, final int depth, final boolean suspect) {
            this.contact = contact;
            this.depth = depth;
            state = suspect ? State.SUSPECT : State.NEW;
        }
    }

    private final KadNode node;
    private final NodeId target;
    private final KadMessage.Body query;
    private final BiConsumer<Contact, KadMessage.Body> answers;
    private final int wanted;
    private final int parallelism;
    /**
     * By distance to the target. A node is a candidate at every address it is heard of: one that came back on other
     * ports is asked at the new ones, even where the old ones are still listed.
     */
    private final TreeMap<Contact, Candidate> candidates;
    private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
    private int inFlight;
    private int queried;

    /** Creates a lookup that sends the given query and ends once the K closest nodes answered. */
    Lookup(final KadNode node, final NodeId target, final KadMessage.Body query) {
        this(node, target, query, node.config().bucketSize(), node.config().alpha(), (contact, answer) -> { });
    }

    /**
     * Creates a lookup that sends the given query, ends once the given number of closest nodes answered, with the
     * given requests in flight, and shows every answer, as it comes, to the given observer.
     */
    Lookup(final KadNode node, final NodeId target, final KadMessage.Body query, final int wanted,
            final int parallelism, final BiConsumer<Contact, KadMessage.Body> answers) {
        this.node = node;
        this.target = target;
        this.query = query;
        this.answers = answers;
        this.wanted = wanted;
        this.parallelism = parallelism;
        final var byDistance = NodeId.byDistanceTo(target);
        candidates = new TreeMap<>((left, right) -> {
            final int byId = byDistance.compare(left.id(), right.id());
            if (byId != 0) {
                return byId;
            }
            final int byAddress = compareAddresses(left.address(), right.address());
            return byAddress != 0 ? byAddress : Integer.compare(left.tcpPort(), right.tcpPort());
        });
    }

    /**
     * Orders the addresses of one node: by port, then by IP address (its hash first, which for IPv4 is the address,
     * so that the bytes, which each call copies, are seldom read).
     */
    private static int compareAddresses(final InetSocketAddress left, final InetSocketAddress right) {
        final int byPort = Integer.compare(left.getPort(), right.getPort());
        if (byPort != 0) {
            return byPort;
        }
        final var leftAddress = left.getAddress();
        final var rightAddress = right.getAddress();
        final int byHash = Integer.compare(leftAddress.hashCode(), rightAddress.hashCode());
        return byHash != 0 || leftAddress.equals(rightAddress) ? byHash
            : Arrays.compare(leftAddress.getAddress(), rightAddress.getAddress());
    }

    CompletableFuture<LookupResult> run(final List<Contact> seeds) {
        synchronized (this) {
            for (var contact : seeds) {
                add(contact, 1);
            }
        }
        step();
        return result;
    }

    private void add(final Contact contact, final int depth) {
        if (!contact.id().equals(node.id())) {
            // The node looked for is always asked: it may be back, and only it can say so.
            candidates.computeIfAbsent(contact, newcomer -> new Candidate(newcomer, depth,
                !newcomer.id().equals(target) && node.routingTable().suspect(newcomer.id())));
        }
    }

    private void step() {
        final var toAsk = new ArrayList<Candidate>();
        synchronized (this) {
            if (result.isDone()) {
                return;
            }
            int live = 0;
            boolean settled = true;
            for (var candidate : candidates.values()) {
                if (live == wanted) {
                    break;
                }
                if (candidate.state == State.FAILED || candidate.state == State.SUSPECT
                        || candidate.state == State.GIVEN_UP) {
                    continue;
                }
                live++;
                if (candidate.state != State.ANSWERED) {
                    settled = false;
                }
                if (candidate.state == State.NEW && inFlight + toAsk.size() < parallelism) {
                    toAsk.add(candidate);
                }
            }
            if (live == 0 && inFlight == 0 && askSuspects()) {
                // Nothing else left: the suspects are all there is, so they are asked after all.
                toAsk.clear();
                candidates.values().stream().filter(candidate -> candidate.state == State.NEW)
                    .limit(parallelism).forEach(toAsk::add);
                settled = false;
            }
            if (settled || toAsk.isEmpty() && live == 0 && inFlight == 0) {
                finish(Optional.empty());
                return;
            }
            for (var candidate : toAsk) {
                candidate.state = State.ASKED;
                inFlight++;
                queried++;
            }
        }
        for (var candidate : toAsk) {
            synchronized (this) {
                candidate.timer = node.afterSoftTimeout(() -> slow(candidate));
            }
            node.request(candidate.contact, query).whenComplete((response, failure) -> answered(candidate,
                response, failure));
        }
    }

    /** Turns the lookup's suspects into new candidates; returns whether there were any. */
    private boolean askSuspects() {
        boolean any = false;
        for (var candidate : candidates.values()) {
            if (candidate.state == State.SUSPECT) {
                candidate.state = State.NEW;
                any = true;
            }
        }
        return any;
    }

    /** A request is past the soft timeout: it no longer holds up the next one. */
    private void slow(final Candidate candidate) {
        synchronized (this) {
            if (candidate.state != State.ASKED || candidate.slow || result.isDone()) {
                return;
            }
            candidate.slow = true;
            inFlight--;
            candidate.timer = node.afterSoftTimeout(() -> giveUp(candidate));
        }
        step();
    }

    /** A request is past twice the soft timeout: the lookup may end without it. */
    private void giveUp(final Candidate candidate) {
        synchronized (this) {
            if (candidate.state != State.ASKED || result.isDone()) {
                return;
            }
            candidate.state = State.GIVEN_UP;
        }
        step();
    }

    private void answered(final Candidate candidate, final KadMessage response, final Throwable failure) {
        synchronized (this) {
            if (candidate.timer != null) {
                candidate.timer.cancel();
                candidate.timer = null;
            }
            if (candidate.slow) {
                candidate.slow = false;
            } else {
                inFlight--;
            }
            if (failure != null) {
                candidate.state = State.FAILED;
            } else {
                candidate.state = State.ANSWERED;
                answers.accept(candidate.contact, response.body());
                switch (response.body()) {
                    case KadMessage.Value value -> {
                        finish(Optional.of(value.value()));
                        return;
                    }
                    case KadMessage.HasValue hasValue -> {
                        // Too large for a datagram: fetch it over TCP, on the side.
                        inFlight++;
                        node.fetch(candidate.contact, target).whenComplete((fetched, failed) -> answered(candidate,
                            fetched, failed));
                        return;
                    }
                    case KadMessage.Nodes nodes -> {
                        for (var contact : nodes.contacts()) {
                            add(contact, candidate.depth + 1);
                        }
                    }
                    case KadMessage.IndexStored stored -> {
                        for (var contact : stored.closest()) {
                            add(contact, candidate.depth + 1);
                        }
                    }
                    case KadMessage.IndexRecords records -> {
                        for (var contact : records.closest()) {
                            add(contact, candidate.depth + 1);
                        }
                    }
                    default -> candidate.state = State.FAILED;
                }
            }
        }
        step();
    }

    private void finish(final Optional<byte[]> value) {
        final var closest = new ArrayList<Contact>();
        final var listed = new HashSet<NodeId>();
        int hops = 0;
        for (var candidate : candidates.values()) {
            if (closest.size() == wanted) {
                break;
            }
            if (candidate.state == State.ANSWERED && listed.add(candidate.contact.id())) {
                if (closest.isEmpty()) {
                    hops = candidate.depth;
                }
                closest.add(candidate.contact);
            }
        }
        result.complete(new LookupResult(closest, value, hops, queried));
    }
}
