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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KadClientTest {
    @Test
    void aClientUsesTheOverlayButNoMemberEverListsItOrPlacesValuesOnIt() throws Exception {
        try (var network = new KadTestNetwork().grow(12)) {
            final var client = KadNode.startClient(KadTestNetwork.config("controller", KadTestNetwork.OVERLAY_KEY),
                network.group);
            try {
                assertEquals(0, client.contact().tcpPort());
                client.join(List.of(network.nodes.get(3).contact().address())).get(30, TimeUnit.SECONDS);
                assertTrue(client.routingTable().size() >= 10, "the client knows the members");

                // Its lookups find exactly the K closest members.
                final var target = NodeId.ofAccessNode("an-7/segment-1");
                final var found = client.lookup(target).get(30, TimeUnit.SECONDS);
                assertEquals(KadTestNetwork.trueClosest(network.nodes, target, 10),
                    found.closest().stream().map(Contact::id).toList());

                // It stores and reads values on the members, like any member.
                final var key = NodeId.ofAccessNode("value written by the client");
                final var stored = client.store(key, bytes("kept by members"), Duration.ofMinutes(5))
                    .get(30, TimeUnit.SECONDS);
                assertFalse(stored.isEmpty());
                assertTrue(stored.values().stream().allMatch(ValueStore.Outcome::accepted), stored.toString());
                assertArrayEquals(bytes("kept by members"), network.nodes.get(0).findValue(key)
                    .get(30, TimeUnit.SECONDS).value().orElseThrow());

                // It sends commands, and takes commands from the member it asked, on its command port.
                final var commanded = network.nodes.get(5);
                client.serveCommands((origin, request) -> CompletableFuture.completedFuture(bytes("heard")));
                commanded.serveCommands((origin, request) -> {
                    assertEquals(client.id(), origin.sender());
                    return commanded.command(origin.commandContact(client.commandPort()), bytes("state"))
                        .thenApply(heard -> concat(bytes("up, "), heard));
                });
                assertArrayEquals(bytes("up, heard"), client.command(commanded.contact(), bytes("status"))
                    .get(30, TimeUnit.SECONDS));

                // No member lists it, nor hands it out, however much it talked to them.
                for (var member : network.nodes) {
                    assertTrue(member.routingTable().find(client.id()).isEmpty(), member.id().toString());
                }
                final var closestToClient = network.nodes.get(0).lookup(client.id()).get(30, TimeUnit.SECONDS);
                assertTrue(closestToClient.closest().stream().noneMatch(contact -> contact.id().equals(client.id())));
                // And it keeps nothing a member asks it to keep.
                assertFalse(network.nodes.get(0).storeAt(client.contact(), key, bytes("x"), Duration.ofMinutes(1))
                    .get(30, TimeUnit.SECONDS).accepted());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aNodeThatCrashedAndCameBackIsFoundByItsIdAtOnce() throws Exception {
        try (var network = new KadTestNetwork().grow(12)) {
            final var client = KadNode.startClient(KadTestNetwork.config("controller", KadTestNetwork.OVERLAY_KEY),
                network.group);
            try {
                client.join(List.of(network.nodes.get(0).contact().address())).get(30, TimeUnit.SECONDS);
                final var crashed = network.nodes.get(7);
                crashed.close();
                // The client finds it silent, so it is suspect: lookups of other ids leave it out.
                assertTrue(client.ping(crashed.contact().address()).handle((pong, failure) -> failure != null)
                    .get(30, TimeUnit.SECONDS));
                client.routingTable().failed(crashed.id());
                assertTrue(client.routingTable().suspect(crashed.id()));

                // It comes back on its address; it never talks to the client by itself.
                final var config = KadTestNetwork.config(crashed.config().anId(), KadTestNetwork.OVERLAY_KEY);
                final var back = KadNode.start(new KadConfig(config.anId(), crashed.contact().address(), 0,
                    KadTestNetwork.OVERLAY_KEY, config.bucketSize(), config.alpha(), config.minTimeout(),
                    config.maxTimeout(), config.replayWindow(), config.maintenanceInterval()), network.group,
                    new MemoryValueStore(1 << 20));
                network.nodes.set(7, back);
                back.join(List.of(network.nodes.get(0).contact().address())).get(30, TimeUnit.SECONDS);

                final var found = client.lookup(back.id()).get(30, TimeUnit.SECONDS);
                assertTrue(found.closest().stream().anyMatch(contact -> contact.id().equals(back.id())),
                    "a lookup of its id asks it");
                assertFalse(client.routingTable().suspect(back.id()), "it answered, so it is trusted again");
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aNodeThatCameBackOnOtherPortsIsFoundThereThoughTheClientStillListsItsOldAddress() throws Exception {
        try (var network = new KadTestNetwork().grow(12)) {
            final var client = KadNode.startClient(KadTestNetwork.config("controller", KadTestNetwork.OVERLAY_KEY),
                network.group);
            try {
                client.join(List.of(network.nodes.get(0).contact().address())).get(30, TimeUnit.SECONDS);
                // A member the client lists (the join need not have met them all).
                final var moved = network.nodes.stream().skip(1)
                    .filter(node -> client.routingTable().find(node.id()).isPresent()).findFirst().orElseThrow();
                final int index = network.nodes.indexOf(moved);
                assertEquals(moved.contact(), client.routingTable().find(moved.id()).orElseThrow());
                moved.close();

                // It comes back with its id on other ports, as an agent restarted with new settings; the client
                // still lists it at the old ones.
                final var back = KadNode.start(KadTestNetwork.config(moved.config().anId(),
                    KadTestNetwork.OVERLAY_KEY), network.group, new MemoryValueStore(1 << 20));
                network.nodes.set(index, back);
                back.join(List.of(network.nodes.get(0).contact().address())).get(30, TimeUnit.SECONDS);
                assertEquals(moved.id(), back.id());
                assertEquals(moved.contact(), client.routingTable().find(moved.id()).orElseThrow());

                final var found = client.lookup(back.id()).get(30, TimeUnit.SECONDS);
                assertEquals(back.contact(), found.closest().getFirst(), "the members' answers name its new ports");
                assertEquals(back.contact(), client.routingTable().find(back.id()).orElseThrow(),
                    "it answered there, so the client lists it there now");
            } finally {
                client.close();
            }
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final var joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
