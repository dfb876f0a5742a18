/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.KadConfig;
import org.psp.kad.KadNode;
import org.psp.kad.NodeId;

class HolderDirectoryTest {
    private static SegmentVersion heldBy(final NodeId holder) {
        return new SegmentVersion(1, ObjectDigest.of(new byte[0]), new CodingParameters(1, 0), 0, List.of(holder));
    }

    @Test
    void aHolderLearntIsFoundWithoutALookupUntilItIsForgottenOrHoldsNothingOfTheNodeAnyMore() throws Exception {
        final var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (var bed = new TestBed(new CodingParameters(2, 1), 1).startAll(2)) {
            // A node outside the overlay: no routing table has it and no lookup finds it.
            final var outsider = KadNode.startClient(KadConfig.defaults("outsider",
                new InetSocketAddress("127.0.0.1", 0), TestBed.KEY), group);
            try {
                final var directory = new HolderDirectory(bed.agents.get(0).node());
                final var id = outsider.contact().id();
                assertEquals(Optional.empty(), directory.resolve(id).get(30, TimeUnit.SECONDS));

                directory.learn(outsider.contact());
                final var resolved = directory.resolve(id);
                assertTrue(resolved.isDone(), "answered without a lookup");
                assertEquals(Optional.of(outsider.contact()), resolved.join());

                directory.retainHoldersOf(List.of(heldBy(id)));
                assertEquals(Optional.of(outsider.contact()), directory.known(id));
                directory.retainHoldersOf(List.of(heldBy(bed.agents.get(1).node().contact().id())));
                assertEquals(Optional.empty(), directory.known(id));

                directory.learn(outsider.contact());
                directory.forget(id);
                assertEquals(Optional.empty(), directory.resolve(id).get(30, TimeUnit.SECONDS));

                // A member is found in the routing table, learnt or not.
                final var member = bed.agents.get(1).node().contact();
                assertEquals(Optional.of(member), directory.known(member.id()));
            } finally {
                outsider.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
