/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile and ordinary traffic leaks no Netty buffer. Runs in a JVM of its own (see the pom) so that every buffer
 * is tracked by a leak detector that records instead of logging.
 */
class KadLeakTest {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void trackEveryBuffer() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(final Class<T> resource,
                    final int samplingInterval, final long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected boolean needReport() {
                        return true;
                    }

                    @Override
                    protected void reportTracedLeak(final String resourceType, final String records) {
                        LEAKS.add(resourceType + records);
                    }

                    @Override
                    protected void reportUntracedLeak(final String resourceType) {
                        LEAKS.add(resourceType);
                    }
                };
            }
        });
    }

    @Test
    void hostileAndOrdinaryTrafficLeaksNoBuffer() throws Exception {
        try (var network = new KadTestNetwork().grow(8); var socket = new DatagramSocket()) {
            final var target = network.nodes.get(0).contact().address();
            final var random = new Random(5);
            for (int i = 0; i < 5_000; i++) {
                final var datagram = new byte[random.nextInt(1300)];
                random.nextBytes(datagram);
                socket.send(new DatagramPacket(datagram, datagram.length, target));
                if (i % 100 == 0) {
                    Thread.sleep(1);
                }
            }
            for (int i = 0; i < 50; i++) {
                final var key = NodeId.keyOf("an-1", "leak-" + i);
                network.nodes.get(i % 8).store(key, new byte[i % 2 == 0 ? 100 : 5000], Duration.ZERO)
                    .get(10, TimeUnit.SECONDS);
                assertTrue(network.nodes.get((i + 3) % 8).findValue(key).get(10, TimeUnit.SECONDS).value()
                    .isPresent());
            }
        }
        // Leaks show when a tracked buffer is collected unreleased; allocations poll for them.
        for (int round = 0; round < 20; round++) {
            System.gc();
            Thread.sleep(20);
            for (int i = 0; i < 1000; i++) {
                ByteBufAllocator.DEFAULT.buffer(64).release();
            }
        }
        assertEquals(List.of(), LEAKS);
    }
}
