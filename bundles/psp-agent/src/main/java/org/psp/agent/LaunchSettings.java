/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.psp.erasure.CodingParameters;
import org.psp.kad.KadConfig;

/**
 * The settings of an agent process, read from a properties file.
 *
 * <pre>
 * an-id = olt-1                          # required
 * overlay-key = a secret of 16+ bytes    # required, the same on every node; or
 * overlay-key-file = /etc/psp/overlay.key  # a file that holds it (surrounding white space ignored)
 * listen = 127.0.0.1:4001                # UDP address (default 127.0.0.1:0, any free port)
 * tcp-port = 5001                        # for chunk transfers (default 0, any free port)
 * bootstrap = 127.0.0.1:4000, 127.0.0.1:4002
 * data-chunks = 16
 * coding-chunks = 16
 * segments = 16
 * capacity-bytes = 67108864              # RAM lent to other nodes
 * storing-time-seconds = 3600
 * sample-sessions = 0                    # emulated subscribers to create when nothing was stored before
 * kea-lease-file = /run/kea/kea-leases4.csv  # follow this Kea DHCPv4 server's leases (see KeaFollower)
 * index = on                             # publish the sessions in the overlay's index (on or off)
 * index-retention-seconds = 86400        # how long an ended session stays findable at its time
 * index-republish-seconds = 1800         # how often the index records are published again
 * coordination-interval-seconds = 300    # how often a holder reports to the coordinator of each owner's data
 * repair-margin = 8                      # repair at m + this many live chunks (default half of k; k - 1 or more:
 *                                        # at any loss)
 * repair = on                            # whether this node repairs as a coordinator (on or off)
 * usefulness-bound = 0.25                # the usefulness coefficient below which a node places nothing beyond
 *                                        # its allowance (0: no bound)
 * usefulness-allowance-bytes = 67108864  # what a node may place whatever its coefficient (default: its capacity)
 * special-given-weight = 1               # the weight of repair work a node does for others' data
 * special-taken-weight = 1               # the weight of repair work others do for its data
 * </pre>
 *
 * @param agent the agent's settings
 * @param bootstrap the members to join through
 * @param sampleSessions how many sample sessions to create on a first start
 * @param keaLeaseFile the lease file of the Kea DHCPv4 server whose leases are the node's sessions, if any
 */
public record LaunchSettings(AgentConfig agent, List<InetSocketAddress> bootstrap, int sampleSessions,
        Optional<Path> keaLeaseFile) {
    private static final Set<String> KEYS = Set.of("an-id", "overlay-key", "overlay-key-file", "listen",
        "tcp-port", "bootstrap", "data-chunks", "coding-chunks", "segments", "capacity-bytes", "storing-time-seconds",
        "sample-sessions", "kea-lease-file", "index", "index-retention-seconds", "index-republish-seconds",
        "coordination-interval-seconds", "repair-margin", "repair", "usefulness-bound", "usefulness-allowance-bytes",
        "special-given-weight", "special-taken-weight");

    /**
     * Checks and copies the components.
     */
    public LaunchSettings {
        requireNonNull(agent);
        bootstrap = List.copyOf(bootstrap);
        requireNonNull(keaLeaseFile);
        if (sampleSessions < 0) {
            throw new IllegalArgumentException("sample-sessions must not be negative");
        }
        if (sampleSessions > 0 && keaLeaseFile.isPresent()) {
            throw new IllegalArgumentException("sample-sessions and kea-lease-file are both set; the sessions of a "
                + "node that follows a DHCP server are its leases");
        }
    }

    /**
     * Reads settings.
     *
     * @param properties the file's contents
     * @return the settings
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static LaunchSettings parse(final Properties properties) {
        for (var key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings are "
                    + KEYS.stream().sorted().toList());
            }
        }
        final var anId = required(properties, "an-id");
        final var key = overlayKey(properties);
        final var listen = address(properties.getProperty("listen", "127.0.0.1:0").strip(), "listen");
        final int tcpPort = integer(properties, "tcp-port", 0, 0, 65_535);
        final var defaults = KadConfig.defaults(anId, listen, key);
        final var kad = new KadConfig(anId, listen, tcpPort, key, defaults.bucketSize(), defaults.alpha(),
            defaults.minTimeout(), defaults.maxTimeout(), defaults.replayWindow(), defaults.maintenanceInterval());
        final var base = AgentConfig.defaults(kad);
        // Each at most 128, so that m + k never exceeds 256, as in psp.yang.
        final var coding = new CodingParameters(integer(properties, "data-chunks", base.coding().dataChunks(), 1,
            128), integer(properties, "coding-chunks", base.coding().codingChunks(), 0, 128));
        final var agent = new AgentConfig(kad, coding,
            integer(properties, "segments", base.segments(), 1, AgentConfig.MAX_SEGMENTS),
            longInteger(properties, "capacity-bytes", base.capacityBytes()),
            Duration.ofSeconds(integer(properties, "storing-time-seconds", (int) base.storingTime().toSeconds(), 3,
                Integer.MAX_VALUE)), base.deleteGrace(), base.storeInterval(), index(properties),
            coordination(properties), fairness(properties));
        final var bootstrap = new ArrayList<InetSocketAddress>();
        for (var entry : properties.getProperty("bootstrap", "").split(",")) {
            if (!entry.isBlank()) {
                bootstrap.add(address(entry.strip(), "bootstrap"));
            }
        }
        final var leaseFile = properties.getProperty("kea-lease-file", "").strip();
        return new LaunchSettings(agent, bootstrap, integer(properties, "sample-sessions", 0, 0, 1_000_000),
            leaseFile.isEmpty() ? Optional.empty() : Optional.of(leaseFile(leaseFile)));
    }

    private static byte[] overlayKey(final Properties properties) {
        final var text = properties.getProperty("overlay-key", "").strip();
        final var file = properties.getProperty("overlay-key-file", "").strip();
        if (text.isEmpty() == file.isEmpty()) {
            throw new IllegalArgumentException(text.isEmpty() ? "overlay-key or overlay-key-file is required"
                : "overlay-key and overlay-key-file are both set; set one");
        }
        final String name;
        final byte[] key;
        if (file.isEmpty()) {
            name = "overlay-key";
            key = text.getBytes(StandardCharsets.UTF_8);
        } else {
            name = "overlay-key-file: the key in " + file;
            try {
                key = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException e) {
                throw new IllegalArgumentException("overlay-key-file: cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")", e);
            }
        }
        if (key.length < 16) {
            throw new IllegalArgumentException(name + " must have at least 16 bytes, has " + key.length);
        }
        return key;
    }

    private static IndexSettings index(final Properties properties) {
        final var base = IndexSettings.DEFAULTS;
        final var on = properties.getProperty("index", "on").strip();
        if (!on.equals("on") && !on.equals("off")) {
            throw new IllegalArgumentException("index must be on or off, was '" + on + "'");
        }
        return base.withEnabled(on.equals("on"))
            .withRetention(Duration.ofSeconds(longInteger(properties, "index-retention-seconds",
                base.retention().toSeconds())))
            .withRepublishInterval(Duration.ofSeconds(integer(properties, "index-republish-seconds",
                (int) base.republishInterval().toSeconds(), 1, Integer.MAX_VALUE)));
    }

    private static CoordinationSettings coordination(final Properties properties) {
        final var base = CoordinationSettings.DEFAULTS;
        final var repair = properties.getProperty("repair", "on").strip();
        if (!repair.equals("on") && !repair.equals("off")) {
            throw new IllegalArgumentException("repair must be on or off, was '" + repair + "'");
        }
        return new CoordinationSettings(Duration.ofSeconds(integer(properties, "coordination-interval-seconds",
                (int) base.interval().toSeconds(), 1, 86_400)),
            properties.getProperty("repair-margin") == null ? base.repairMargin()
                : integer(properties, "repair-margin", 0, 0, 255), repair.equals("on"));
    }

    private static FairnessSettings fairness(final Properties properties) {
        final var base = FairnessSettings.DEFAULTS;
        return new FairnessSettings(decimal(properties, "special-given-weight", base.specialGivenWeight()),
            decimal(properties, "special-taken-weight", base.specialTakenWeight()),
            decimal(properties, "usefulness-bound", base.bound()),
            properties.getProperty("usefulness-allowance-bytes") == null ? base.allowanceBytes()
                : longInteger(properties, "usefulness-allowance-bytes", 0));
    }

    /** A number from 0 to 1000, such as 0.25. */
    private static double decimal(final Properties properties, final String key, final double fallback) {
        final var text = properties.getProperty(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        final double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + text.strip() + "'", e);
        }
        if (!(value >= 0 && value <= 1000)) {
            throw new IllegalArgumentException(key + " must be 0 to 1000, was " + text.strip());
        }
        return value;
    }

    private static String required(final Properties properties, final String key) {
        final var value = properties.getProperty(key, "").strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    private static int integer(final Properties properties, final String key, final int fallback, final int min,
            final int max) {
        final long value = longInteger(properties, key, fallback);
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + max + ", was " + value);
        }
        return (int) value;
    }

    private static long longInteger(final Properties properties, final String key, final long fallback) {
        final var text = properties.getProperty(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            final long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw new IllegalArgumentException(key + " must not be negative, was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + text.strip() + "'", e);
        }
    }

    private static InetSocketAddress address(final String text, final String key) {
        try {
            return ContactAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Path leaseFile(final String text) {
        final Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("kea-lease-file: not a path: " + text, e);
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("kea-lease-file must be an absolute path, as in Kea's lease-database "
                + "name, was " + text);
        }
        return path;
    }
}
