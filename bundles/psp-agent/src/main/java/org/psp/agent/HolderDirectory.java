/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;

/**
 * Finds the addresses of the nodes a manifest names as holders: from the routing table, from what this directory
 * learnt when chunks were placed on them or when they were looked up, or else by a lookup of the holder's id (one at
 * a time per holder). In an access network of thousands of nodes most holders are not in the routing table; without
 * it, every update's deletions and every extension would cost a lookup per chunk. A holder that fails to answer is
 * forgotten, and looked up the next time. Thread-safe.
 */
final class HolderDirectory {
    private final KadNode node;
    private final Map<NodeId, Contact> learnt = new ConcurrentHashMap<>();
    private final Map<NodeId, CompletableFuture<Optional<Contact>>> lookingUp = new ConcurrentHashMap<>();

    HolderDirectory(final KadNode node) {
        this.node = node;
    }

    /**
     * Finds a holder's address.
     *
     * @param holder the holder's id
     * @return its contact, or empty if no lookup found it
     */
    CompletableFuture<Optional<Contact>> resolve(final NodeId holder) {
        final var known = known(holder);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known);
        }
        final var lookup = new CompletableFuture<Optional<Contact>>();
        final var running = lookingUp.putIfAbsent(holder, lookup);
        if (running != null) {
            return running;
        }
        node.locate(holder)
            .exceptionally(failure -> Optional.empty())
            .thenAccept(found -> {
                found.ifPresent(this::learn);
                lookingUp.remove(holder);
                lookup.complete(found);
            });
        return lookup;
    }

    /**
     * Returns a holder's address if it is known without a lookup.
     *
     * @param holder the holder's id
     * @return its contact, from the routing table or learnt
     */
    Optional<Contact> known(final NodeId holder) {
        return node.routingTable().find(holder).or(() -> Optional.ofNullable(learnt.get(holder)));
    }

    /**
     * Remembers where a holder answered.
     *
     * @param holder its contact
     */
    void learn(final Contact holder) {
        learnt.put(holder.id(), holder);
    }

    /**
     * Forgets a holder that did not answer: it is looked up the next time.
     *
     * @param holder the holder's id
     */
    void forget(final NodeId holder) {
        learnt.remove(holder);
    }

    /**
     * Keeps only the holders of some segment versions: those the node still stores, so that the directory does not
     * grow with the nodes that held versions long replaced.
     *
     * @param versions the versions
     */
    void retainHoldersOf(final Collection<SegmentVersion> versions) {
        final var referenced = new HashSet<NodeId>();
        versions.forEach(version -> referenced.addAll(version.holders()));
        learnt.keySet().retainAll(referenced);
    }
}
