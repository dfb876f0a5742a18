/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KadCommandTest {
    @Test
    void aCommandIsAnsweredByTheOwnersHandlerOnceItIsReady() throws Exception {
        try (var network = new KadTestNetwork().grow(3)) {
            final var target = network.nodes.get(2);
            final var answer = new CompletableFuture<byte[]>();
            target.serveCommands((origin, request) -> answer.thenApply(suffix -> concat(request, suffix)));

            final var sent = network.nodes.get(0).command(target.contact(), bytes("status of an-2"));
            Thread.sleep(200);
            assertTrue(!sent.isDone(), "the answer waits for the handler");
            answer.complete(bytes(": up"));
            assertArrayEquals(bytes("status of an-2: up"), sent.get(10, TimeUnit.SECONDS));

            // Larger than a datagram both ways.
            final var large = new byte[200_000];
            assertArrayEquals(concat(large, bytes(": up")), network.nodes.get(1).command(target.contact(), large)
                .get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNodeWithoutAHandlerOrAFailingOneRefusesCommands() throws Exception {
        try (var network = new KadTestNetwork().grow(2)) {
            final var target = network.nodes.get(1);
            final var refused = assertThrows(ExecutionException.class, () -> network.nodes.get(0)
                .command(target.contact(), bytes("store")).get(10, TimeUnit.SECONDS));
            assertEquals(target.contact().address() + " serves no commands", refused.getCause().getMessage());

            target.serveCommands((origin, request) -> CompletableFuture.failedFuture(
                new IllegalStateException("broken")));
            assertThrows(ExecutionException.class, () -> network.nodes.get(0).command(target.contact(),
                bytes("store")).get(10, TimeUnit.SECONDS));

            target.serveCommands((origin, request) -> {
                throw new IllegalStateException("a bug in the handler");
            });
            assertThrows(ExecutionException.class, () -> network.nodes.get(0).command(target.contact(),
                bytes("store")).get(10, TimeUnit.SECONDS));
            // The connection survived: the next command is answered.
            target.serveCommands((origin, request) -> CompletableFuture.completedFuture(bytes("stored")));
            assertArrayEquals(bytes("stored"), network.nodes.get(0).command(target.contact(), bytes("store"))
                .get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aStrangerCannotCommand() throws Exception {
        try (var network = new KadTestNetwork().grow(1)) {
            final var target = network.nodes.get(0);
            final var handled = new AtomicInteger();
            target.serveCommands((origin, request) -> {
                handled.incrementAndGet();
                return CompletableFuture.completedFuture(bytes("done"));
            });
            final var stranger = KadNode.start(KadTestNetwork.config("intruder",
                bytes("not the overlay key, an outsider")), network.group, new MemoryValueStore(1 << 20));
            try {
                final var sent = stranger.command(target.contact(), bytes("delete"));
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (target.stats().unauthenticated() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(1, target.stats().unauthenticated());
                assertEquals(0, handled.get());
                assertTrue(!sent.isDone() || sent.isCompletedExceptionally());
            } finally {
                stranger.close();
            }
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final var joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
