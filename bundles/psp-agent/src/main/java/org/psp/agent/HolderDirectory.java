/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.psp.kad.Contact;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;

/**
 * Finds the addresses of the nodes a manifest names as holders, for the length of one operation: from the routing
 * table, or by a lookup of the holder's id; each holder is looked up once.
 */
final class HolderDirectory {
    private final KadNode node;
    private final Map<NodeId, CompletableFuture<Optional<Contact>>> known = new ConcurrentHashMap<>();

    HolderDirectory(final KadNode node) {
        this.node = node;
    }

    /**
     * Finds a holder.
     *
     * @param holder its node id
     * @return its contact, or empty if no live node has that id
     */
    CompletableFuture<Optional<Contact>> resolve(final NodeId holder) {
        return known.computeIfAbsent(holder, id -> node.routingTable().find(id)
            .map(contact -> CompletableFuture.completedFuture(Optional.of(contact)))
            .orElseGet(() -> node.lookup(id).thenApply(found -> found.closest().stream()
                .filter(contact -> contact.id().equals(id)).findFirst())
                .exceptionally(failure -> Optional.empty())));
    }
}
