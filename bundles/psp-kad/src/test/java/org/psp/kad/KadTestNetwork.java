/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A Kad overlay of real nodes on 127.0.0.1, all in this JVM.
 */
final class KadTestNetwork implements AutoCloseable {
    static final byte[] OVERLAY_KEY = "psp test overlay key 0123456789".getBytes(StandardCharsets.UTF_8);

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final List<KadNode> nodes = new ArrayList<>();
    private final Random random = new Random(1234);

    static KadConfig config(final String anId, final byte[] key) {
        return KadConfig.defaults(anId, new InetSocketAddress("127.0.0.1", 0), key);
    }

    /** Starts and joins nodes one after another, each bootstrapping from a random earlier node. */
    KadTestNetwork grow(final int count) throws Exception {
        for (int i = 0; i < count; i++) {
            add("an-" + nodes.size());
        }
        return this;
    }

    KadNode add(final String anId) throws Exception {
        final var node = KadNode.start(config(anId, OVERLAY_KEY), group, new MemoryValueStore(16 << 20));
        if (!nodes.isEmpty()) {
            node.join(List.of(nodes.get(random.nextInt(nodes.size())).contact().address()))
                .get(30, TimeUnit.SECONDS);
        }
        nodes.add(node);
        return node;
    }

    /** The K ids closest to a target among the given live nodes, closest first. */
    static List<NodeId> trueClosest(final List<KadNode> live, final NodeId target, final int count) {
        return live.stream().map(KadNode::id).sorted(Comparator.comparing(id -> id, NodeId.byDistanceTo(target)))
            .limit(count).toList();
    }

    Random random() {
        return random;
    }

    @Override
    public void close() {
        nodes.forEach(KadNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
