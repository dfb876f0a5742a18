/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Pings every contact of a node's routing table once the node has seen a contact fail. A failure seldom comes alone:
 * a regional power cut takes a third of the access nodes at once. One lookup at a time, a node would find its dead
 * contacts over minutes and hand them out meanwhile; checked at once, they are {@linkplain RoutingTable#suspect
 * suspect} within a second or two. A contact that stays silent is pinged again until it has failed often enough for
 * the table to drop it ({@value RoutingTable#STALE_AFTER} pings, {@link #RETRY_NANOS} apart: a host stalled for a few
 * seconds, by a long GC pause or a busy machine, keeps its place in the tables of a small overlay), and a contact
 * that takes a dropped one's place from the replacement cache is checked too, as it may have died as well.
 *
 * <p>A few pings are in flight at a time, one sweep runs at a time and a new one starts at most every
 * {@link #PAUSE_NANOS}, so that a node under steady churn spends a few pings per contact per minute at most.
 * Confined to the node's scheduler.
 */
final class LivenessSweep {
    /** Pings in flight at a time. */
    static final int PARALLEL = 2;
    /** Least time between the starts of two sweeps. */
    static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Time between two pings of a contact that stayed silent. */
    static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final KadNode node;
    private final OverlayScheduler loop;
    private final LongSupplier nanoClock;
    // The contacts this sweep has taken up, with the pings they failed.
    private final Map<NodeId, Integer> checked = new HashMap<>();
    private final Deque<Contact> queue = new ArrayDeque<>();
    private int inFlight;
    private int retriesPending;
    private boolean running;
    private boolean started;
    private long lastStart;

    LivenessSweep(final KadNode node, final OverlayScheduler loop, final LongSupplier nanoClock) {
        this.node = requireNonNull(node);
        this.loop = requireNonNull(loop);
        this.nanoClock = requireNonNull(nanoClock);
    }

    /** Reports that a contact failed to answer; starts a sweep unless one runs or one started lately. */
    void failureSeen() {
        if (!loop.inOwnThread()) {
            loop.execute(this::failureSeen);
            return;
        }
        final long now = nanoClock.getAsLong();
        if (running || started && now - lastStart < PAUSE_NANOS || !node.isOpen()) {
            return;
        }
        running = true;
        started = true;
        lastStart = now;
        checked.clear();
        takeUpNewContacts();
        pingNext();
    }

    /** Tells whether a sweep is under way. */
    boolean running() {
        return running;
    }

    private void takeUpNewContacts() {
        for (var contact : node.routingTable().contacts()) {
            if (checked.putIfAbsent(contact.id(), 0) == null) {
                queue.add(contact);
            }
        }
    }

    private void pingNext() {
        while (inFlight < PARALLEL && !queue.isEmpty() && node.isOpen()) {
            final var contact = queue.poll();
            inFlight++;
            node.request(contact, new KadMessage.Ping()).whenComplete((pong, failure) -> loop.execute(
                () -> answered(contact, failure != null)));
        }
        if (inFlight == 0 && retriesPending == 0 && queue.isEmpty()) {
            running = false;
        }
    }

    private void answered(final Contact contact, final boolean failed) {
        inFlight--;
        if (failed && node.isOpen() && node.routingTable().find(contact.id()).isPresent()
                && checked.merge(contact.id(), 1, Integer::sum) < RoutingTable.STALE_AFTER) {
            retriesPending++;
            loop.schedule(() -> {
                retriesPending--;
                queue.add(contact);
                pingNext();
            }, RETRY_NANOS, TimeUnit.NANOSECONDS);
        }
        takeUpNewContacts();
        pingNext();
    }
}
