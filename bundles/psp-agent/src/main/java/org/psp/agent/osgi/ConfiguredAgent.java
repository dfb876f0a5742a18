/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.osgi;

import static java.util.Objects.requireNonNull;

import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentHost;
import org.psp.agent.AgentListener;
import org.psp.agent.AgentStatus;
import org.psp.agent.LaunchSettings;
import org.psp.agent.dhcp.KeaFollower;

/**
 * One access-node agent per ConfigAdmin factory configuration of {@value #FACTORY_PID}, in Karaf the file
 * {@code etc/org.psp.agent-<name>.cfg}, with the settings of {@link LaunchSettings}. A changed configuration restarts
 * the agent: it stores what it has not stored yet, leaves, and comes back with the new settings, recovering its
 * sessions from the overlay. A deleted configuration stops the agent. A configuration with a bad value is logged
 * with the setting named, and its agent does not start.
 */
@Component(configurationPid = ConfiguredAgent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
    service = {})
public final class ConfiguredAgent {
    /** The factory PID of agent configurations. */
    public static final String FACTORY_PID = "org.psp.agent";

    private static final Logger LOG = System.getLogger(ConfiguredAgent.class.getName());
    /** How long a stopping agent may take to store its last changes. */
    private static final long LAST_STORE_SECONDS = 30;

    private final AgentHost host;
    private final String source;
    private final String anId;
    private KeaFollower follower;
    private boolean stopped;

    /**
     * Starts the configured agent, unless its configuration is wrong or its AN id is taken.
     *
     * @param host runs the agent
     * @param configuration the configuration's properties
     */
    @Activate
    public ConfiguredAgent(@Reference final AgentHost host, final Map<String, ?> configuration) {
        this.host = requireNonNull(host);
        source = sourceOf(configuration);
        anId = start(configuration);
    }

    /** Starts the agent; returns its AN id, or null if it did not start. */
    private String start(final Map<String, ?> configuration) {
        final LaunchSettings settings;
        try {
            settings = LaunchSettings.parse(settingsIn(configuration));
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "PSP agent configuration {0}: {1}; the agent does not start", source,
                e.getMessage());
            return null;
        }
        final var id = settings.agent().anId();
        try {
            // The agent logs its own status changes, recoveries and store failures.
            final var started = host.start(settings.agent(), settings.bootstrap(), settings.sampleSessions(),
                new AgentListener() { });
            settings.keaLeaseFile().ifPresent(file -> started.thenAccept(agent -> follow(agent, file)));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            LOG.log(Level.ERROR, "PSP agent configuration {0}: {1}; the agent does not start", source,
                e.getMessage());
            return null;
        } catch (InterruptedException e) {
            // Interrupted while binding its ports: the agent was not created.
            Thread.currentThread().interrupt();
            return null;
        }
        final var contact = host.agent(id).orElseThrow().node().contact();
        LOG.log(Level.INFO, "PSP access node {0} ({1}) listening on udp {2}:{3}, tcp {4}", id, source,
            contact.address().getHostString(), String.valueOf(contact.address().getPort()),
            String.valueOf(contact.tcpPort()));
        return id;
    }

    /** Follows the Kea server's leases once the agent is up, unless it stopped meanwhile. */
    private synchronized void follow(final AccessNodeAgent agent, final Path leaseFile) {
        if (stopped) {
            return;
        }
        follower = KeaFollower.follow(agent, leaseFile, (id, ready) -> LOG.log(Level.INFO,
            "PSP access node {0}: Kea leases in step with {1} ({2} sessions hold leases{3}); Kea may serve", id,
            ready.file(), String.valueOf(ready.sessions()),
            ready.restored() < 0 ? "" : ", " + ready.restored() + " restored into it"));
    }

    /**
     * Stops the agent: it stores its last changes (waiting up to 30 s) and leaves the overlay.
     */
    @Deactivate
    public void stop() {
        if (anId == null) {
            return;
        }
        synchronized (this) {
            stopped = true;
            if (follower != null) {
                follower.close();
            }
        }
        host.agent(anId).filter(agent -> agent.status() == AgentStatus.UP).ifPresent(agent -> {
            try {
                agent.storeChanges().get(LAST_STORE_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "PSP access node {0}: its last changes may not be stored: {1}", anId,
                    e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        host.stop(anId);
        LOG.log(Level.INFO, "PSP access node {0} ({1}) stopped", anId, source);
    }

    /**
     * Returns the AN id of the agent this configuration started.
     *
     * @return the id, or null if the configuration did not start an agent
     */
    String anId() {
        return anId;
    }

    /** Where the configuration comes from: its file in Karaf, else its PID. */
    private static String sourceOf(final Map<String, ?> configuration) {
        final var file = configuration.get("felix.fileinstall.filename");
        if (file != null) {
            final var path = file.toString();
            return path.substring(path.lastIndexOf('/') + 1);
        }
        return String.valueOf(configuration.get("service.pid"));
    }

    /** The agent's own settings: every property but those the framework adds; lists become comma-separated. */
    private static Properties settingsIn(final Map<String, ?> configuration) {
        final var settings = new Properties();
        configuration.forEach((key, value) -> {
            if (!isFrameworkProperty(key)) {
                settings.setProperty(key, text(value));
            }
        });
        return settings;
    }

    private static boolean isFrameworkProperty(final String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
            || key.startsWith("osgi.") || key.equals("objectClass");
    }

    private static String text(final Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value != null && value.getClass().isArray()) {
            return IntStream.range(0, Array.getLength(value)).mapToObj(i -> String.valueOf(Array.get(value, i)))
                .collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
