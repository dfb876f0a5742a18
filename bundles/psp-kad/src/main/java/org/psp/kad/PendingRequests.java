/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The requests a node awaits answers to: their ids, who may answer each, their timeouts, and the round trips the
 * datagram answers measure. Thread-safe: requests are made on any thread, answers arrive on the event loops.
 */
final class PendingRequests {
    /** A request awaiting its answer; only datagram round trips set the request timeouts. */
    private record Pending(InetSocketAddress address, NodeId expected, CompletableFuture<KadMessage> future,
            long sentNanos, boolean datagram) {
    }

    /**
     * A request registered and not yet answered.
     *
     * @param requestId the id its message carries
     * @param future completes with the answer
     */
    record Outstanding(long requestId, CompletableFuture<KadMessage> future) {
    }

    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds;
    private final OverlayClock clock;
    private final OverlayScheduler timer;
    private final RoundTripEstimator roundTrips;
    private final Runnable timedOut;
    private final Consumer<NodeId> silent;

    /**
     * Creates the tracker of a node's requests.
     *
     * @param clock the node's time
     * @param timer where timeouts fire
     * @param roundTrips takes the round trips of datagram answers
     * @param timedOut told of every request that times out
     * @param silent told of the contact of every datagram request that times out, when its id is known
     * @param firstRequestId where the request ids start: a random number, so that a restarted node does not send
     *     ids its peers have seen from it lately
     */
    PendingRequests(final OverlayClock clock, final OverlayScheduler timer, final RoundTripEstimator roundTrips,
            final Runnable timedOut, final Consumer<NodeId> silent, final long firstRequestId) {
        requestIds = new AtomicLong(firstRequestId);
        this.clock = requireNonNull(clock);
        this.timer = requireNonNull(timer);
        this.roundTrips = requireNonNull(roundTrips);
        this.timedOut = requireNonNull(timedOut);
        this.silent = requireNonNull(silent);
    }

    /**
     * Registers a request that is about to be sent and fails it if no answer comes in time.
     *
     * @param address where it goes; only an answer from there counts
     * @param expected the id of the node asked, or null if unknown
     * @param datagram whether it goes as a datagram (its round trip is measured) or over a stream
     * @param timeoutNanos how long to wait
     * @return the request id to send and the future of the answer
     */
    Outstanding track(final InetSocketAddress address, final NodeId expected, final boolean datagram,
            final long timeoutNanos) {
        final long requestId = requestIds.incrementAndGet();
        final var future = new CompletableFuture<KadMessage>();
        pending.put(requestId, new Pending(address, expected, future, clock.nanoTime(), datagram));
        final var timeout = timer.schedule(() -> {
            if (pending.remove(requestId) != null) {
                timedOut.run();
                future.completeExceptionally(new TimeoutException("no answer from " + address + " within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
                if (datagram && expected != null) {
                    silent.accept(expected);
                }
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        future.whenComplete((response, failure) -> timeout.cancel());
        return new Outstanding(requestId, future);
    }

    /**
     * Fails a request that could not be sent.
     *
     * @param outstanding the request
     * @param failure why
     */
    void fail(final Outstanding outstanding, final Throwable failure) {
        if (pending.remove(outstanding.requestId()) != null) {
            outstanding.future().completeExceptionally(failure);
        }
    }

    /**
     * Completes the request an answer belongs to, if it came from the node asked: same address and, once known, same
     * id. Anything else is ignored.
     *
     * @param response the answer
     * @param from where it came from
     */
    void answer(final KadMessage response, final InetSocketAddress from) {
        final var request = pending.get(response.requestId());
        if (request != null && request.address().equals(from)
                && (request.expected() == null || request.expected().equals(response.sender()))
                && pending.remove(response.requestId(), request)) {
            if (request.datagram()) {
                roundTrips.sample(clock.nanoTime() - request.sentNanos());
            }
            request.future().complete(response);
        }
    }

    /**
     * Fails every request in flight.
     *
     * @param reason why
     */
    void failAll(final String reason) {
        pending.values().forEach(request -> request.future().completeExceptionally(new IllegalStateException(reason)));
        pending.clear();
    }
}
