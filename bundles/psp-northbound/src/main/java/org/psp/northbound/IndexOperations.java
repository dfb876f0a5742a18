/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import com.google.common.util.concurrent.ListenableFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.opendaylight.mdsal.dom.api.DOMRpcProviderService;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv4AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types.rev130715.Ipv6AddressNoZone;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.DateAndTime;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.yang.types.rev130715.MacAddress;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindHolders;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindHoldersInput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindHoldersOutput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindHoldersOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindSession;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindSessionInput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindSessionOutput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.FindSessionOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.holders.output.StoredObject;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.holders.output.StoredObjectBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.holders.output.stored.object.Holder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.holders.output.stored.object.HolderBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.Keyword;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.CircuitId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Ipv4;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Ipv6;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Ipv6Prefix;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.input.keyword.Mac;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.output.Session;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.find.session.output.SessionBuilder;
import org.opendaylight.yangtools.binding.data.codec.api.BindingNormalizedNodeSerializer;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.agent.IndexKey;
import org.psp.agent.IndexSettings;
import org.psp.agent.SessionIndex;
import org.psp.agent.SessionLocation;
import org.psp.agent.StoredObjectLocation;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

/**
 * The operations on the overlay's index: find-session (which access node serves a subscriber) and find-holders
 * (where a stored object's chunks are). They ask the index through this controller's overlay client, so they work
 * whether the access nodes concerned are up or not.
 */
final class IndexOperations {
    private static final Pattern CONTENT_HASH = Pattern.compile("\\p{XDigit}{64}");

    private final HostedAccessNetwork network;

    IndexOperations(final HostedAccessNetwork network) {
        this.network = network;
    }

    /**
     * Registers both operations.
     *
     * @param router the DOM RPC router
     * @param codec the binding codec
     * @return the registrations, closed together
     */
    Registration register(final DOMRpcProviderService router, final BindingNormalizedNodeSerializer codec) {
        final List<Registration> registrations = List.of(
            DomRpcBridge.register(router, codec, FindSession.QNAME, (FindSession) this::findSession),
            DomRpcBridge.register(router, codec, FindHolders.QNAME, (FindHolders) this::findHolders));
        return () -> registrations.forEach(Registration::close);
    }

    private ListenableFuture<RpcResult<FindSessionOutput>> findSession(final FindSessionInput input) {
        final IndexKey key;
        final Instant at;
        try {
            key = keyword(input.getKeyword());
            at = input.getAt() == null ? Instant.now() : SessionMapping.instant(input.getAt(), "at");
        } catch (IllegalArgumentException e) {
            return AccessNodeOperations.invalid(e.getMessage());
        }
        return AccessNodeOperations.complete("finding " + key, network.searcher()
            .thenCompose(node -> SessionIndex.find(node, key, at, IndexSettings.DEFAULTS))
            .thenApply(search -> new FindSessionOutputBuilder()
                .setHops(Uint8.valueOf(Math.min(255, search.hops())))
                .setIndexNodesAnswered(Uint8.valueOf(Math.min(255, search.answered())))
                .setSession(search.sessions().stream().map(IndexOperations::toYang).toList())
                .build()));
    }

    private ListenableFuture<RpcResult<FindHoldersOutput>> findHolders(final FindHoldersInput input) {
        final var hash = input.getContentHash();
        if (hash == null || !CONTENT_HASH.matcher(hash).matches()) {
            // RESTCONF and NETCONF check the pattern; a caller through MD-SAL's binding (the console) may not.
            return AccessNodeOperations.invalid("content-hash must be a SHA-256 in 64 hexadecimal digits");
        }
        final var digest = new ObjectDigest(HexFormat.of().parseHex(hash));
        final var names = new HashMap<NodeId, String>();
        network.knownAccessNodes().forEach(anId -> names.put(NodeId.ofAccessNode(anId), anId));
        return AccessNodeOperations.complete("finding the holders of " + digest, network.searcher()
            .thenCompose(node -> SessionIndex.findHolders(node, digest, IndexSettings.DEFAULTS))
            .thenApply(found -> new FindHoldersOutputBuilder()
                .setStoredObject(BindingMap.of(found.stream().map(location -> toYang(location, names)).toList()))
                .build()));
    }

    /** The keyword of the choice; RESTCONF has checked the value against its YANG type, this checks it again. */
    private static IndexKey keyword(final Keyword keyword) {
        return switch (keyword) {
            case Ipv4 ipv4 -> IndexKey.parse(IndexKey.Kind.IPV4, ipv4.getIpv4().getValue());
            case Ipv6 ipv6 -> IndexKey.parse(IndexKey.Kind.IPV6, ipv6.getIpv6().getValue());
            case Ipv6Prefix prefix -> IndexKey.parse(IndexKey.Kind.IPV6_PREFIX, prefix.getIpv6Prefix().getValue());
            case Mac mac -> IndexKey.parse(IndexKey.Kind.MAC, mac.getMac().getValue());
            case CircuitId circuit -> IndexKey.parse(IndexKey.Kind.CIRCUIT_ID, circuit.getCircuitId());
            case null -> throw new IllegalArgumentException(
                "one of ipv4, ipv6, ipv6-prefix, mac or circuit-id is required");
            default -> throw new IllegalArgumentException("unknown keyword " + keyword);
        };
    }

    private static Session toYang(final SessionLocation location) {
        return new SessionBuilder()
            .setAnId(new AnId(location.anId()))
            .setPort(location.port())
            .setMac(new MacAddress(location.mac().toString()))
            .setIpv4(location.ipv4().map(address -> new Ipv4AddressNoZone(address.getHostAddress())).orElse(null))
            .setIpv6(location.ipv6().map(address -> new Ipv6AddressNoZone(address.getHostAddress())).orElse(null))
            .setCircuitId(location.circuitId().isEmpty() ? null : location.circuitId())
            .setLeaseStart(new DateAndTime(location.leaseStart().toString()))
            .setLeaseEnd(new DateAndTime(location.leaseEnd().toString()))
            .build();
    }

    private static StoredObject toYang(final StoredObjectLocation location, final Map<NodeId, String> names) {
        final var holders = new ArrayList<Holder>();
        for (int chunk = 0; chunk < location.holders().size(); chunk++) {
            final var holder = location.holders().get(chunk);
            holders.add(new HolderBuilder().setChunk(Uint16.valueOf(chunk)).setNodeId(holder.toString())
                .setAnId(names.containsKey(holder) ? new AnId(names.get(holder)) : null).build());
        }
        return new StoredObjectBuilder()
            .setOwner(new AnId(location.owner()))
            .setSegment(Uint16.valueOf(location.segment()))
            .setGeneration(Uint64.valueOf(location.generation()))
            .setDataChunks(new DataChunkCount(Uint8.valueOf(location.coding().dataChunks())))
            .setCodingChunks(new CodingChunkCount(Uint8.valueOf(location.coding().codingChunks())))
            .setHolder(BindingMap.of(holders))
            .build();
    }
}
