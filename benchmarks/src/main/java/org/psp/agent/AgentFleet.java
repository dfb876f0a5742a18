/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.psp.kad.KadConfig;

/**
 * Many access-node agents in one process, for measuring what watching them costs a controller:
 * {@code AgentFleet COUNT OVERLAY-KEY FIRST-UDP-PORT [SESSIONS]} starts agents {@code fleet-1 … fleet-COUNT} on
 * 127.0.0.1, UDP ports from FIRST-UDP-PORT on, each with SESSIONS sample sessions (default 0), a few at a time, prints
 * {@code fleet up: COUNT agents} and runs until stopped.
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class AgentFleet {
    private static final int STARTING_AT_ONCE = 16;

    private AgentFleet() {
        // main only
    }

    /**
     * Starts the fleet.
     *
     * @param args count, overlay key, first UDP port, optionally sessions per agent
     * @throws Exception if an agent cannot start
     */
    public static void main(final String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: AgentFleet COUNT OVERLAY-KEY FIRST-UDP-PORT [SESSIONS]");
            System.exit(2);
        }
        final int count = Integer.parseInt(args[0]);
        final var key = args[1].getBytes(StandardCharsets.UTF_8);
        final int firstPort = Integer.parseInt(args[2]);
        final int sessions = args.length == 4 ? Integer.parseInt(args[3]) : 0;
        final var host = new AgentHost(2);
        final var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            host.close();
            stopped.countDown();
        }));
        final var first = new InetSocketAddress("127.0.0.1", firstPort);
        final long started = System.nanoTime();
        for (int batch = 0; batch < count; batch += STARTING_AT_ONCE) {
            final var starting = new ArrayList<CompletableFuture<AccessNodeAgent>>();
            for (int i = batch; i < Math.min(count, batch + STARTING_AT_ONCE); i++) {
                final var config = AgentConfig.defaults(KadConfig.defaults("fleet-" + (i + 1),
                    new InetSocketAddress("127.0.0.1", firstPort + i), key));
                starting.add(host.start(config, i == 0 ? List.of() : List.of(first), sessions, new AgentListener() {
                }));
            }
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        }
        System.out.println("fleet up: " + count + " agents in "
            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
        stopped.await();
    }
}
