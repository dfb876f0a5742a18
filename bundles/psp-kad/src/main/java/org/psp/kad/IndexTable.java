/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The index records a node holds as one of the closest nodes to their keys. A record is kept until its storing time
 * runs out, unless its publisher stores it again; a newer version replaces an older one and an older one is ignored.
 * Bounded: at most {@link #maxRecords()} records in all and {@link #MAX_RECORDS_PER_KEY} under one key, so that no
 * publisher fills a node. Thread-safe.
 */
public final class IndexTable {
    /** Most records under one key: the publishers of one address over the retention, with room to spare. */
    public static final int MAX_RECORDS_PER_KEY = 64;
    /** Most records a member holds: about 20 MB at the largest payloads, far less at the usual ones. */
    public static final int DEFAULT_MAX_RECORDS = 30_000;

    /** The records under each key, in an array of their own: most keys hold one, and a map each would triple that. */
    private final Map<NodeId, Held[]> keys = new HashMap<>();
    private final int maxRecords;
    private int records;

    private record Held(IndexRecord record, long expiresAtMillis) {
    }

    /**
     * Creates an empty table.
     *
     * @param maxRecords the most records it holds; 0 for a node that holds none (a client)
     */
    public IndexTable(final int maxRecords) {
        if (maxRecords < 0) {
            throw new IllegalArgumentException("negative capacity " + maxRecords);
        }
        this.maxRecords = maxRecords;
    }

    /**
     * Returns the most records this table holds.
     *
     * @return the capacity
     */
    public int maxRecords() {
        return maxRecords;
    }

    /**
     * Keeps a record under a key until a storing time from now, replacing an older version of it.
     *
     * @param key the keyword's hash
     * @param record the record
     * @param nowMillis the time now
     * @param storingMillis how long to keep it, at least 1
     * @return accepted, also when a newer version is already held (the publisher's intent is kept), or why not
     */
    public synchronized ValueStore.Outcome put(final NodeId key, final IndexRecord record, final long nowMillis,
            final long storingMillis) {
        if (storingMillis < 1) {
            return ValueStore.Outcome.refused("an index record needs a storing time");
        }
        final var held = keys.get(key);
        final int at = indexOf(held, record.recordId());
        if (at >= 0) {
            final var previous = held[at];
            if (previous.expiresAtMillis() > nowMillis && previous.record().version() > record.version()) {
                return ValueStore.Outcome.ACCEPTED;
            }
        } else if (records >= maxRecords) {
            return ValueStore.Outcome.refused("index full: " + records + " of " + maxRecords + " records held");
        } else if (held != null && held.length >= MAX_RECORDS_PER_KEY) {
            return ValueStore.Outcome.refused("index key full: " + MAX_RECORDS_PER_KEY + " records held under it");
        }
        final var expires = nowMillis + storingMillis < nowMillis ? Long.MAX_VALUE : nowMillis + storingMillis;
        final var entry = new Held(record, expires);
        if (at >= 0) {
            held[at] = entry;
        } else if (held == null) {
            keys.put(key, new Held[] {entry});
            records++;
        } else {
            final var more = Arrays.copyOf(held, held.length + 1);
            more[held.length] = entry;
            keys.put(key, more);
            records++;
        }
        return ValueStore.Outcome.ACCEPTED;
    }

    /**
     * Returns the records under a key that began at or before an instant, the latest beginning first, as many as
     * fit in a byte budget. Records that ended before the instant are included, so that an asker who hears an older
     * version from another holder learns that it ended.
     *
     * @param key the keyword's hash
     * @param atMillis the instant asked about
     * @param nowMillis the time now; expired records are not returned
     * @param budgetBytes the most encoded bytes to return
     * @return the records
     */
    public synchronized List<IndexRecord> find(final NodeId key, final long atMillis, final long nowMillis,
            final int budgetBytes) {
        final var held = keys.get(key);
        if (held == null) {
            return List.of();
        }
        final var candidates = new ArrayList<IndexRecord>();
        for (var entry : held) {
            if (entry.expiresAtMillis() > nowMillis && entry.record().validFromMillis() <= atMillis) {
                candidates.add(entry.record());
            }
        }
        candidates.sort(Comparator.comparingLong(IndexRecord::validFromMillis).reversed());
        final var found = new ArrayList<IndexRecord>();
        int used = 0;
        for (var candidate : candidates) {
            used += candidate.encodedLength();
            if (used > budgetBytes) {
                break;
            }
            found.add(candidate);
        }
        return found;
    }

    /** A record to hand over, with what is left of its storing time. */
    record Handover(NodeId key, IndexRecord record, long storingMillis) {
    }

    /**
     * Returns the records a node that joined should hold rather than this one: those under keys it is closer to, as
     * Kademlia hands values over to a newcomer, so that a search that asks the closest nodes finds them at once.
     *
     * @param newcomer the node that joined
     * @param self this node
     * @param nowMillis the time now
     * @return the records, with what is left of their storing times
     */
    public synchronized List<Handover> closerTo(final NodeId newcomer, final NodeId self, final long nowMillis) {
        final var handovers = new ArrayList<Handover>();
        keys.forEach((key, held) -> {
            if (NodeId.byDistanceTo(key).compare(newcomer, self) < 0) {
                for (var entry : held) {
                    if (entry.expiresAtMillis() > nowMillis) {
                        handovers.add(new Handover(key, entry.record(), entry.expiresAtMillis() - nowMillis));
                    }
                }
            }
        });
        return handovers;
    }

    /**
     * Forgets the records whose storing time ran out.
     *
     * @param nowMillis the time now
     * @return how many were forgotten
     */
    public synchronized int purge(final long nowMillis) {
        int purged = 0;
        for (Iterator<Map.Entry<NodeId, Held[]>> perKey = keys.entrySet().iterator(); perKey.hasNext(); ) {
            final var entry = perKey.next();
            final var held = entry.getValue();
            int expired = 0;
            for (var each : held) {
                if (each.expiresAtMillis() <= nowMillis) {
                    expired++;
                }
            }
            if (expired == 0) {
                continue;
            }
            purged += expired;
            if (expired == held.length) {
                perKey.remove();
            } else {
                entry.setValue(Arrays.stream(held).filter(each -> each.expiresAtMillis() > nowMillis)
                    .toArray(Held[]::new));
            }
        }
        records -= purged;
        return purged;
    }

    /** Where the record with an id is among a key's records; -1 if it is not, or the key holds none. */
    private static int indexOf(final Held[] held, final NodeId recordId) {
        if (held != null) {
            for (int i = 0; i < held.length; i++) {
                if (held[i].record().recordId().equals(recordId)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * Returns how many records are held, including expired ones not purged yet.
     *
     * @return the count
     */
    public synchronized int size() {
        return records;
    }
}
