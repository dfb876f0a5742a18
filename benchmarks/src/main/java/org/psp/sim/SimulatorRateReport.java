/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.psp.kad.KadCodecException;
import org.psp.kad.KadMessage;
import org.psp.kad.NodeId;
import org.psp.kad.OverlayEndpoint;

/**
 * How fast the simulator moves messages, with nothing and with PSP behind them: the same simulated network carries
 * pings between endpoints that only answer them, then the messages of PSP's access nodes under churn. The first is
 * the simulator's own cost per message, the floor of any run; the ratio between the two is what the production
 * classes add.
 *
 * <p>{@code benchmarks/run simulator [NODES] [MINUTES]} (default: 300 nodes, 15 measured minutes of churn; the
 * scenario is {@code ./psp simulate}'s, with seed 7).
 */
@SuppressWarnings("checkstyle:RegexpSinglelineJava")
public final class SimulatorRateReport {
    private static final int DATAGRAM_PORT = 4000;
    private static final int STREAM_PORT = 5000;
    private static final int IN_FLIGHT_PER_NODE = 20;
    private static final long BARE_MESSAGES = 20_000_000;

    private SimulatorRateReport() {
        // main only
    }

    /**
     * Runs both and prints their rates.
     *
     * @param args the nodes and the measured minutes of churn
     */
    public static void main(final String[] args) {
        final int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        final int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        // Thousands of agents' status lines would bury the figures.
        Logger.getLogger("").setLevel(Level.SEVERE);
        final double bare = bareRate(nodes);
        System.out.printf(Locale.ROOT, "bare network, %d endpoints:   %,12.0f messages/s (%.2f µs each)%n", nodes,
            bare, 1e6 / bare);
        final var churn = new ChurnScenario(SimulateCommand.churnSettings("--nodes", String.valueOf(nodes),
            "--hours", String.valueOf(minutes / 60.0), "--seed", "7"));
        final var summary = churn.run(progress -> { });
        final long messages = churn.network().network().traffic().messages();
        final double psp = messages / (summary.wallTime().toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "PSP's access nodes, %d nodes: %,12.0f messages/s (%.2f µs each), %,d messages "
            + "in %.1f s, %.1f per node and minute measured%n", nodes, psp, 1e6 / psp, messages,
            summary.wallTime().toNanos() / 1e9, summary.messagesPerNodeMinute());
        System.out.printf(Locale.ROOT, "ratio:                          %12.1f times the bare network's time per "
            + "message%n", bare / psp);
    }

    /** Endpoints that answer each ping with a pong, and on each pong ping a random endpoint: messages per second. */
    private static double bareRate(final int nodes) {
        final var trace = new TraceDigest();
        final var time = new VirtualTime(trace);
        final var network = new SimulatedNetwork(time, trace, LinkModel.accessNetwork(), 7);
        final var random = new SplittableRandom(7);
        final long[] received = new long[1];
        for (int node = 0; node < nodes; node++) {
            final var id = new NodeId(random.nextLong(), random.nextLong());
            final var self = new OverlayEndpoint[1];
            self[0] = network.open(time, address(node), STREAM_PORT, new byte[32], new OverlayEndpoint.Receiver() {
                @Override
                public KadMessage datagram(final KadMessage message, final InetSocketAddress from) {
                    received[0]++;
                    if (message.body() instanceof KadMessage.Ping) {
                        return new KadMessage(message.requestId(), id, STREAM_PORT, time.millis(),
                            new KadMessage.Pong());
                    }
                    self[0].sendDatagram(address(random.nextInt(nodes)), ping(id, random, time));
                    return null;
                }

                @Override
                public CompletionStage<KadMessage> stream(final KadMessage message, final InetSocketAddress from) {
                    return null;
                }

                @Override
                public void dropped(final KadCodecException failure) {
                    // The endpoints share one key: nothing is dropped.
                }
            });
            for (int ping = 0; ping < IN_FLIGHT_PER_NODE; ping++) {
                self[0].sendDatagram(address(random.nextInt(nodes)), ping(id, random, time));
            }
        }
        final long start = System.nanoTime();
        time.runWhile(() -> received[0] < BARE_MESSAGES, Long.MAX_VALUE);
        return received[0] / ((System.nanoTime() - start) / 1e9);
    }

    private static KadMessage ping(final NodeId sender, final SplittableRandom random, final VirtualTime time) {
        return new KadMessage(random.nextLong(), sender, STREAM_PORT, time.millis(), new KadMessage.Ping());
    }

    private static InetSocketAddress address(final int node) {
        return new InetSocketAddress(SimulatedNetwork.host(node), DATAGRAM_PORT);
    }
}
