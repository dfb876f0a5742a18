/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The overlay's keyword index, as one node takes part in it: the nodes closest to a keyword's hash are its index
 * nodes, as in Kad's keyword search. It publishes records on them, searches them, answers INDEX_PUT and INDEX_FIND
 * from its {@link IndexTable}, and hands a node new to its routing table the records that node is now closer to.
 */
public final class OverlayIndex {
    private final KadNode node;
    private final IndexTable table;

    OverlayIndex(final KadNode node, final IndexTable table) {
        this.node = node;
        this.table = table;
    }

    /**
     * Returns the index records this node holds for others, as one of the closest nodes to their keys.
     *
     * @return its index table
     */
    public IndexTable table() {
        return table;
    }

    /**
     * Publishes an index record on the nodes closest to its key, this node among them if it is one of the closest
     * members. The lookup for those nodes carries the record: each node it asks keeps it if it knows fewer than
     * {@code replicas} members closer to the key, so that, where the routing table already knows the key's
     * neighbourhood, the record is stored in one round trip; a node among the closest found that did not keep it (the
     * closer nodes it knew did not answer) is then asked to keep it in any case. Publishing it again, with a higher
     * version, replaces it; publishing it periodically keeps it on the nodes closest to the key as nodes come and go.
     *
     * <p>A publisher that publishes under a key again passes the holders that kept its last publication: the lookup
     * starts from them, so that where no node closer to the key joined, nor a holder left, it asks each once and
     * ends, where a lookup from the routing table's contacts takes a round or two more.
     *
     * @param key the keyword's hash
     * @param record the record
     * @param storingTime how long the holders keep it unless it is published again, at least a second
     * @param replicas on how many of the closest nodes, at most 255
     * @param lastHolders the nodes that kept the last publication under the key, if any are known
     * @return what each of those nodes answered
     */
    public CompletableFuture<Map<Contact, ValueStore.Outcome>> publish(final NodeId key, final IndexRecord record,
            final Duration storingTime, final int replicas, final Collection<Contact> lastHolders) {
        final var put = new KadMessage.IndexPut(key, record, KadNode.storingSeconds(storingTime), replicas);
        final var outcomes = new ConcurrentHashMap<Contact, ValueStore.Outcome>();
        return new Lookup(node, key, put, Math.min(replicas, node.config().bucketSize()), node.config().alpha(),
                (holder, answer) -> {
                    if (answer instanceof KadMessage.IndexStored stored) {
                        outcomes.put(holder, new ValueStore.Outcome(stored.kept(), stored.reason()));
                    }
                })
            .run(seeds(key, lastHolders))
            .thenCompose(found -> KadNode.collect(withSelf(found.closest(), key, replicas), holder -> {
                if (holder.equals(node.contact())) {
                    return CompletableFuture.completedFuture(keep(put));
                }
                final var outcome = outcomes.get(holder);
                return outcome != null && outcome.accepted() ? CompletableFuture.completedFuture(outcome)
                    : node.request(holder, put.unconditional()).thenApply(response ->
                            response.body() instanceof KadMessage.IndexStored stored
                                ? new ValueStore.Outcome(stored.kept(), stored.reason())
                                : ValueStore.Outcome.refused("unexpected answer"))
                        .exceptionally(failure -> ValueStore.Outcome.refused("no answer: " + failure.getMessage()));
            }));
    }

    /**
     * Searches the overlay's index: the lookup for the nodes closest to a key (twice as many as hold a record, so
     * that records are found while a new node closer to the key has not got them yet, all asked at once, for an
     * operator waits) gathers their records as it finds them; the newest version of each record the closest nodes
     * hold is kept.
     *
     * @param key the keyword's hash
     * @param atMillis the instant asked about, epoch milliseconds
     * @param replicas on how many of the closest nodes records are published, at most 255
     * @return the records valid at the instant
     */
    public CompletableFuture<IndexAnswer> find(final NodeId key, final long atMillis, final int replicas) {
        final var find = new KadMessage.IndexFind(key, atMillis, replicas);
        final int wanted = Math.min(2 * replicas, node.config().bucketSize());
        final var answers = new ConcurrentHashMap<Contact, List<IndexRecord>>();
        final BiConsumer<Contact, KadMessage.Body> gather = (holder, answer) -> {
            if (answer instanceof KadMessage.IndexRecords got) {
                answers.put(holder, got.records());
            }
        };
        return new Lookup(node, key, find, wanted, wanted, gather)
            .run(node.routingTable().closestResponsive(key, node.config().bucketSize()))
            .thenApply(found -> {
                final var closest = withSelf(found.closest(), key, wanted);
                if (closest.contains(node.contact())) {
                    answers.put(node.contact(), answer(find).records());
                }
                // Only the closest nodes' answers count: a node the lookup passed on its way may hold a copy that
                // later versions, published on the closest nodes, never reached.
                final var newest = new HashMap<NodeId, IndexRecord>();
                closest.stream().map(answers::get).filter(Objects::nonNull).forEach(records -> records.forEach(
                    record -> newest.merge(record.recordId(), record,
                        (one, other) -> one.version() >= other.version() ? one : other)));
                final var valid = newest.values().stream().filter(record -> record.validAt(atMillis))
                    .sorted(Comparator.comparingLong(IndexRecord::validFromMillis).reversed()).toList();
                return new IndexAnswer(valid, found.hops(), closest.size(),
                    (int) closest.stream().filter(answers::containsKey).count());
            });
    }

    /** The routing table's closest contacts to a key, and the holders of its last publication. */
    private List<Contact> seeds(final NodeId key, final Collection<Contact> lastHolders) {
        final var closest = node.routingTable().closestResponsive(key, node.config().bucketSize());
        if (lastHolders.isEmpty()) {
            return closest;
        }
        final var seeds = new ArrayList<Contact>(closest.size() + lastHolders.size());
        seeds.addAll(lastHolders);
        seeds.addAll(closest);
        return seeds;
    }

    /**
     * Answers INDEX_PUT: keeps the record, unless the request is conditional and this node knows enough members
     * closer to its key; tells the closest members it knows.
     */
    KadMessage.IndexStored answer(final KadMessage.IndexPut put) {
        if (put.replicas() == 0) {
            final var outcome = keep(put);
            return new KadMessage.IndexStored(outcome.accepted(), outcome.reason(), List.of());
        }
        final var closest = closest(put.key(), put.replicas());
        final var byDistance = NodeId.byDistanceTo(put.key());
        final long closer = closest.stream().filter(known -> byDistance.compare(known.id(), node.id()) < 0)
            .limit(put.replicas()).count();
        if (closer == put.replicas()) {
            return new KadMessage.IndexStored(false, "", closest);
        }
        final var outcome = keep(put);
        return new KadMessage.IndexStored(outcome.accepted(), outcome.reason(), closest);
    }

    /**
     * Answers INDEX_FIND: the records under the key that began by the instant, as many as a datagram takes, and the
     * closest members it knows.
     */
    KadMessage.IndexRecords answer(final KadMessage.IndexFind find) {
        return new KadMessage.IndexRecords(find.key(), table.find(find.key(), find.atMillis(), node.clock().millis(),
            KadMessage.MAX_DATAGRAM_VALUE), closest(find.key(), find.replicas()));
    }

    /** The closest members to a key this node knows: twice as many as keep a record, for those that failed unseen. */
    private List<Contact> closest(final NodeId key, final int replicas) {
        return node.routingTable().closestResponsive(key, Math.min(2 * replicas, KadMessage.MAX_CONTACTS));
    }

    /**
     * Gives a node new to the routing table the index records it is closer to than this node, those of which this
     * node is the closest holder it knows: the other holders leave them to it, so that the newcomer gets each once.
     */
    void handOver(final Contact newcomer) {
        for (var handover : table.closerTo(newcomer.id(), node.id(), node.clock().millis())) {
            if (!closestHolderBesides(newcomer, handover.key())) {
                continue;
            }
            node.request(newcomer, new KadMessage.IndexPut(handover.key(), handover.record(),
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, handover.storingMillis() / 1000)), 0))
                .exceptionally(failure -> null);
        }
    }

    /** Tells whether no member this node knows, the newcomer aside, is closer to a key than this node. */
    private boolean closestHolderBesides(final Contact newcomer, final NodeId key) {
        final var byDistance = NodeId.byDistanceTo(key);
        return node.routingTable().closest(key, 2).stream().filter(known -> !known.equals(newcomer)).findFirst()
            .map(closest -> byDistance.compare(node.id(), closest.id()) < 0).orElse(true);
    }

    private ValueStore.Outcome keep(final KadMessage.IndexPut put) {
        return table.put(put.key(), put.record(), node.clock().millis(), put.storingSeconds() * 1000L);
    }

    /** The closest contacts to a key, this node among them if it is a member and one of the closest. */
    private List<Contact> withSelf(final List<Contact> closest, final NodeId key, final int count) {
        final var self = node.contact();
        final var candidates = new ArrayList<>(closest);
        if (self.tcpPort() != 0 && !candidates.contains(self)) {
            candidates.add(self);
        }
        candidates.sort(Comparator.comparing(Contact::id, NodeId.byDistanceTo(key)));
        return List.copyOf(candidates.subList(0, Math.min(count, candidates.size())));
    }
}
