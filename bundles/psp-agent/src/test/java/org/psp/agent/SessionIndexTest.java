/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.kad.IndexRecord;

/** The session index over real UDP on the loopback: what an operator finds by address, MAC or circuit-id. */
class SessionIndexTest {
    private static final IndexSettings SHORT_RETENTION = IndexSettings.DEFAULTS.withRetention(Duration.ofSeconds(10));

    private static SessionSearch find(final AccessNodeAgent asker, final IndexKey key, final Instant at)
            throws Exception {
        return SessionIndex.find(asker.node(), key, at, SHORT_RETENTION).get(30, TimeUnit.SECONDS);
    }

    private static boolean locates(final SessionSearch search, final String anId, final Session session) {
        return search.sessions().stream().anyMatch(found -> found.anId().equals(anId)
            && found.port().equals(session.port()) && found.mac().equals(session.mac()));
    }

    private static SessionLocation located(final SessionSearch search, final String anId, final Session session) {
        return search.sessions().stream().filter(location -> location.anId().equals(anId)
            && location.port().equals(session.port()) && location.mac().equals(session.mac())).findFirst()
            .orElseThrow(() -> new AssertionError(session.key() + " of " + anId + " not found: " + search));
    }

    private static void waitForIndex(final TestBed bed) throws InterruptedException {
        TestBed.waitFor(() -> bed.agents.stream().allMatch(agent -> agent.index().idle()));
    }

    private static Inet4Address ipv4(final int host) throws Exception {
        return (Inet4Address) InetAddress.getByAddress(new byte[] {(byte) 198, 51, 100, (byte) host});
    }

    @Test
    void everyCurrentSessionIsFoundByEachKeyAndAnEndedOneOnlyAtItsTimeUntilItsDelayedDelete() throws Exception {
        try (var bed = new TestBed(new CodingParameters(4, 2), 4)) {
            bed.startAll(12, config -> config.withIndex(SHORT_RETENTION));
            final var random = new Random(5);
            final var owners = bed.agents.subList(0, 4);
            final var ended = new HashMap<String, List<Session>>();
            int next = 1;
            for (var owner : owners) {
                final var sessions = bed.fill(owner, 12);
                final var gone = new ArrayList<Session>();
                // Random changes: renewals, releases, a moved address, new grants.
                for (var session : sessions) {
                    switch (random.nextInt(4)) {
                        case 0 -> owner.memory().apply(new SessionEvent.Renewed(session.key(),
                            session.leaseExpiry().plusSeconds(3600)));
                        case 1 -> {
                            owner.memory().apply(new SessionEvent.Released(session.key()));
                            gone.add(session);
                        }
                        case 2 -> {
                            owner.memory().apply(new SessionEvent.AdministrativeChange(new Session(session.port(),
                                session.mac(), Optional.of(ipv4(next++)), session.ipv6(), session.leaseStart(),
                                session.leaseExpiry(), session.outerVlan(), session.innerVlan(),
                                session.circuitId(), session.remoteId())));
                            if (session.ipv4().isPresent()) {
                                gone.add(session);
                            }
                        }
                        default -> {
                            // unchanged
                        }
                    }
                }
                owner.memory().apply(new SessionEvent.Granted(SampleSessions.session(random, 99, Instant.now())));
                owner.storeChanges().get(60, TimeUnit.SECONDS);
                ended.put(owner.anId(), gone);
            }
            waitForIndex(bed);
            final var asker = bed.agents.get(11);
            final var now = Instant.now();
            // A session that ended is no longer found now, and is found for a moment within its lease (checked first,
            // well within the retention).
            final Map<IndexKey, Session> endedKeys = new HashMap<>();
            for (var owner : owners) {
                for (var session : ended.get(owner.anId())) {
                    if (session.ipv4().isPresent()) {
                        final var key = new IndexKey(IndexKey.Kind.IPV4, session.ipv4().orElseThrow()
                            .getHostAddress());
                        assertFalse(locates(find(asker, key, now), owner.anId(), session), key.toString());
                        assertTrue(locates(find(asker, key, session.leaseStart()), owner.anId(), session),
                            key.toString());
                        endedKeys.put(key, session);
                    }
                }
            }
            assertFalse(endedKeys.isEmpty(), "the changes ended sessions");
            for (var owner : owners) {
                for (var session : owner.memory().all()) {
                    for (var key : IndexKey.of(session)) {
                        final var found = located(find(asker, key, now), owner.anId(), session);
                        // A renewal of a lease valid past the next republish waits for it: the end before shows.
                        assertEquals(SessionLocation.of(owner.anId(), session, found.leaseEnd()), found);
                        assertTrue(!found.leaseEnd().isAfter(session.leaseExpiry()));
                    }
                }
            }
            // After the republish, every record says the lease as it is.
            owners.forEach(owner -> owner.index().republish());
            waitForIndex(bed);
            final var republished = Instant.now();
            for (var owner : owners) {
                for (var session : owner.memory().all()) {
                    for (var key : IndexKey.of(session)) {
                        assertEquals(SessionLocation.of(owner.anId(), session, session.leaseExpiry()),
                            located(find(asker, key, republished), owner.anId(), session));
                    }
                }
            }
            // After the retention, the delayed delete: not found at any time, not even where a node that knew too
            // few nodes closer to a key still holds a live copy from before the end (the tombstone hides it).
            TestBed.waitFor(() -> Instant.now().isAfter(now.plus(SHORT_RETENTION.retention()).plusSeconds(1)));
            TestBed.waitFor(() -> endedKeys.entrySet().stream().noneMatch(entry -> SessionIndex.find(asker.node(),
                    entry.getKey(), entry.getValue().leaseStart(), SHORT_RETENTION).orTimeout(30, TimeUnit.SECONDS)
                .join().sessions().stream().anyMatch(found -> found.mac().equals(entry.getValue().mac()))));
            TestBed.waitFor(() -> endedKeys.keySet().stream().allMatch(key -> bed.agents.stream().anyMatch(agent ->
                agent.node().index().table().find(key.hash(), Long.MAX_VALUE, System.currentTimeMillis(), 1024)
                    .stream().anyMatch(IndexRecord::isTombstone))));
        }
    }

    @Test
    void aNodeWithTheIndexTurnedOffPublishesNothing() throws Exception {
        try (var bed = new TestBed(new CodingParameters(4, 2), 4)) {
            bed.startAll(8, config -> config.withIndex(IndexSettings.DEFAULTS.withEnabled(false)));
            final var owner = bed.agents.get(2);
            final var session = bed.fill(owner, 6).get(0);
            owner.index().republish();
            waitForIndex(bed);
            assertEquals(0, owner.index().publications());
            assertEquals(0, bed.agents.stream().mapToInt(agent -> agent.node().index().table().size()).sum());
            assertFalse(locates(find(bed.agents.get(0), new IndexKey(IndexKey.Kind.MAC, session.mac().toString()),
                Instant.now()), owner.anId(), session));
        }
    }

    @Test
    void anAccessNodeThatCrashesAndRecoversIsFoundAgainAfterItsIndexNodesDied() throws Exception {
        // k = 4: the index nodes killed (at most 3) may hold chunks too; the owner still recovers everything.
        try (var bed = new TestBed(new CodingParameters(4, 4), 4)) {
            bed.startAll(14);
            final var owner = bed.agents.get(3);
            final var sessions = bed.fill(owner, 8);
            waitForIndex(bed);
            final var session = sessions.get(0);
            final var key = new IndexKey(IndexKey.Kind.MAC, session.mac().toString());
            final var asker = bed.agents.get(0);
            assertTrue(locates(find(asker, key, Instant.now()), owner.anId(), session));

            // The owner crashes, and so do the nodes holding the MAC's records (unless one is the asker).
            bed.kill(owner);
            final var indexNodes = bed.agents.stream().filter(agent -> agent != asker
                && agent.node().index().table().find(key.hash(), Instant.now().toEpochMilli(),
                    Instant.now().toEpochMilli(), 1024).size() > 0).toList();
            assertFalse(indexNodes.isEmpty());
            indexNodes.forEach(bed::kill);
            TestBed.waitFor(() -> !SessionIndex.find(asker.node(), key, Instant.now(), SHORT_RETENTION)
                .handle((search, failure) -> failure == null && locates(search, owner.anId(), session)).join());

            // It restarts empty, recovers its sessions from the overlay, and publishes them again.
            final var restarted = bed.start(owner.anId());
            assertEquals(8, restarted.memory().size());
            waitForIndex(bed);
            assertTrue(locates(find(asker, key, Instant.now()), owner.anId(), session));
            final var byAddress = IndexKey.of(session).get(0);
            assertTrue(locates(find(asker, byAddress, Instant.now()), owner.anId(), session), byAddress.toString());
        }
    }
}
