/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Psp;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.AccessNode;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.Coding;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.Coordination;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.Overlay;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.Usefulness;
import org.psp.agent.AgentConfig;
import org.psp.agent.ContactAddress;
import org.psp.agent.CoordinationSettings;
import org.psp.agent.FairnessSettings;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;

/**
 * What the configuration asks of one hosted access node, in the agent's terms. Two specs are equal when the agent
 * would run the same, apart from its coding, which changes without a restart.
 *
 * @param config the agent's settings
 * @param bootstrap members to join through; empty to join through another hosted node
 * @param sampleSessions sample sessions to create on a first start
 */
record AccessNodeSpec(AgentConfig config, List<InetSocketAddress> bootstrap, int sampleSessions) {
    AccessNodeSpec {
        requireNonNull(config);
        bootstrap = List.copyOf(bootstrap);
    }

    /**
     * Reads the access nodes of a configuration.
     *
     * @param psp the configuration, with its overlay key set
     * @param coding the coding of new stripes
     * @return AN id to spec, in configuration order
     * @throws IllegalArgumentException naming what is wrong
     */
    static Map<String, AccessNodeSpec> of(final Psp psp, final CodingParameters coding) {
        final var specs = new LinkedHashMap<String, AccessNodeSpec>();
        final var nodes = psp.nonnullAccessNode().values();
        if (nodes.isEmpty()) {
            return specs;
        }
        final var overlay = psp.getOverlay();
        if (overlay == null || overlay.getKey() == null) {
            throw new IllegalArgumentException("set /psp:psp/overlay/key to start access nodes");
        }
        final var storage = psp.getStorage();
        final var key = overlay.getKey().getBytes(StandardCharsets.UTF_8);
        for (var node : nodes) {
            final var anId = node.requireAnId().getValue();
            final var kad = kad(anId, new InetSocketAddress(address(node), port(node.getUdpPort())),
                port(node.getTcpPort()), key, overlay);
            final var base = AgentConfig.defaults(kad);
            final var config = new AgentConfig(kad, coding,
                storage == null || storage.getSegments() == null ? base.segments()
                    : storage.getSegments().intValue(),
                storage == null || storage.getCapacityBytes() == null ? base.capacityBytes()
                    : storage.getCapacityBytes().longValue(),
                storage == null || storage.getStoringTimeSeconds() == null ? base.storingTime()
                    : Duration.ofSeconds(storage.getStoringTimeSeconds().longValue()),
                base.deleteGrace(), base.storeInterval(), base.index(), coordination(psp.getCoordination()),
                fairness(psp.getUsefulness()));
            final var bootstrap = node.getBootstrap() == null ? List.<InetSocketAddress>of()
                : node.getBootstrap().stream().map(contact -> contact(anId, contact.getValue())).toList();
            specs.put(anId, new AccessNodeSpec(config, bootstrap, node.getSampleSessions() == null ? 0
                : node.getSampleSessions().intValue()));
        }
        return specs;
    }

    private static FairnessSettings fairness(final Usefulness usefulness) {
        final var base = FairnessSettings.DEFAULTS;
        if (usefulness == null) {
            return base;
        }
        return new FairnessSettings(
            usefulness.getSpecialGivenWeight() == null ? base.specialGivenWeight()
                : usefulness.getSpecialGivenWeight().doubleValue(),
            usefulness.getSpecialTakenWeight() == null ? base.specialTakenWeight()
                : usefulness.getSpecialTakenWeight().doubleValue(),
            usefulness.getBound() == null ? base.bound() : usefulness.getBound().doubleValue(),
            usefulness.getAllowanceBytes() == null ? base.allowanceBytes()
                : usefulness.getAllowanceBytes().longValue());
    }

    private static CoordinationSettings coordination(final Coordination coordination) {
        final var base = CoordinationSettings.DEFAULTS;
        if (coordination == null) {
            return base;
        }
        return new CoordinationSettings(coordination.getIntervalSeconds() == null ? base.interval()
                : Duration.ofSeconds(coordination.getIntervalSeconds().longValue()),
            coordination.getRepairMargin() == null ? base.repairMargin() : coordination.getRepairMargin().intValue(),
            coordination.getRepair() == null ? base.repair() : coordination.getRepair());
    }

    /**
     * Reads the settings of the controller's overlay client: the overlay's, on a port of its own on every address.
     *
     * @param psp the configuration, or null
     * @param name the client's name, from which its node id is derived
     * @return the settings, or empty while no overlay key is set
     */
    static Optional<KadConfig> overlayClient(final Psp psp, final String name) {
        final var overlay = psp == null ? null : psp.getOverlay();
        if (overlay == null || overlay.getKey() == null) {
            return Optional.empty();
        }
        return Optional.of(kad(name, new InetSocketAddress(0), 0, overlay.getKey().getBytes(StandardCharsets.UTF_8),
            overlay));
    }

    /**
     * Reads the overlay's bootstrap contacts.
     *
     * @param psp the configuration, or null
     * @return the contacts, in configuration order
     * @throws IllegalArgumentException if one is not host:port
     */
    static List<InetSocketAddress> overlayBootstrap(final Psp psp) {
        final var overlay = psp == null ? null : psp.getOverlay();
        if (overlay == null || overlay.getBootstrap() == null) {
            return List.of();
        }
        return overlay.getBootstrap().stream().map(contact -> {
            try {
                return ContactAddress.parse(contact.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("overlay bootstrap " + e.getMessage(), e);
            }
        }).toList();
    }

    private static KadConfig kad(final String anId, final InetSocketAddress bind, final int tcpPort, final byte[] key,
            final Overlay overlay) {
        final var defaults = KadConfig.defaults(anId, bind, key);
        return new KadConfig(anId, bind, tcpPort, key,
            overlay.getBucketSize() == null ? defaults.bucketSize() : overlay.getBucketSize().intValue(),
            overlay.getAlpha() == null ? defaults.alpha() : overlay.getAlpha().intValue(),
            overlay.getMinTimeoutMs() == null ? defaults.minTimeout()
                : Duration.ofMillis(overlay.getMinTimeoutMs().longValue()),
            overlay.getMaxTimeoutMs() == null ? defaults.maxTimeout()
                : Duration.ofMillis(overlay.getMaxTimeoutMs().longValue()),
            defaults.replayWindow(), defaults.maintenanceInterval());
    }

    /**
     * Reads the configured coding, with the YANG defaults for what is absent.
     *
     * @param data {@code /psp:psp/coding}, or null
     * @return m and k
     */
    static CodingParameters coding(final Coding data) {
        if (data == null) {
            return CodingParameters.DEFAULT;
        }
        final var dataChunks = data.getDataChunks();
        final var codingChunks = data.getCodingChunks();
        return new CodingParameters(
            dataChunks != null ? dataChunks.getValue().intValue() : CodingParameters.DEFAULT.dataChunks(),
            codingChunks != null ? codingChunks.getValue().intValue() : CodingParameters.DEFAULT.codingChunks());
    }

    /**
     * Tells whether the agent must restart to follow a new spec: anything but the coding changed.
     *
     * @param next the new spec
     * @return true if it must restart
     */
    boolean needsRestartFor(final AccessNodeSpec next) {
        return !equals(new AccessNodeSpec(next.config.withCoding(config.coding()), next.bootstrap,
            next.sampleSessions));
    }

    private static InetAddress address(final AccessNode node) {
        final var address = node.getAddress();
        final var text = address == null ? "127.0.0.1" : address.stringValue();
        try {
            // A literal, checked by the YANG type: no name lookup happens.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("access node " + node.requireAnId().getValue()
                + ": not an address: " + text, e);
        }
    }

    private static int port(final org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.yang.ietf.inet.types
            .rev130715.PortNumber port) {
        return port == null ? 0 : port.getValue().intValue();
    }

    private static InetSocketAddress contact(final String anId, final String text) {
        try {
            return ContactAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("access node " + anId + ": bootstrap " + e.getMessage(), e);
        }
    }
}
