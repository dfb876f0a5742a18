/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.psp.agent.AccessNodeAgent;
import org.psp.agent.AgentConfig;
import org.psp.agent.AgentHost;
import org.psp.agent.AgentListener;
import org.psp.agent.AgentStatus;
import org.psp.agent.RecoveryReport;
import org.psp.kad.KadConfig;
import org.psp.kad.NodeId;

/**
 * The access-node agent feature in a stock Apache Karaf 4.4 without OpenDaylight: agents configured by files in
 * {@code etc/} join the test's overlay and store their sessions there, one recovers them after its file changed,
 * one stops when its file goes, and neither a wrong overlay key nor a bad value gets an agent in.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AgentInPlainKarafTest {
    private static final String KEY = "the overlay key of the plain Karaf test";
    private static final int MEMBERS = 3;
    private static final int SESSIONS = 60;

    /** The agents configured in etc/; the same service runs them. */
    @Inject
    private AgentHost configured;

    /** The test's overlay: members that hold the configured agents' chunks. */
    private final AgentHost overlay = new AgentHost(1);

    /**
     * Boots Apache Karaf with the feature repository added and the feature installed, as an operator would.
     *
     * @return the options
     */
    @Configuration
    public Option[] configuration() {
        return options(
            karafDistributionConfiguration().frameworkUrl(Path.of(System.getProperty("psp.plainKaraf")).toUri()
                    .toString())
                .name("Apache Karaf").karafVersion(KarafJvm.KARAF_VERSION)
                .unpackDirectory(Path.of("target", "pax-plain").toFile()).useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("psp.localRepository")),
            features("mvn:org.psp/psp-agent-features/" + System.getProperty("psp.version") + "/xml/features",
                "psp-agent"),
            systemProperty("pax.exam.service.timeout").value("300000"),
            composite(KarafJvm.options()));
    }

    @After
    public void closeOverlay() {
        overlay.close();
    }

    @Test
    public void agentsConfiguredInEtcJoinStoreRecoverAndStop() throws Exception {
        for (int i = 1; i <= MEMBERS; i++) {
            final var id = "member-" + i;
            overlay.start(AgentConfig.defaults(KadConfig.defaults(id, new InetSocketAddress("127.0.0.1", 0),
                KEY.getBytes(StandardCharsets.UTF_8))), List.of(), 0, new AgentListener() { })
                .get(60, TimeUnit.SECONDS);
        }
        final var bootstrap = overlay.agents().stream().map(member -> member.node().contact().address())
            .map(address -> address.getHostString() + ":" + address.getPort()).toList();

        writeConfiguration("olt-intruder", "an-id = olt-intruder\noverlay-key = not the overlay's key at all\n"
            + "bootstrap = " + String.join(", ", bootstrap) + "\n");
        writeConfiguration("olt-broken", settings("olt-broken", bootstrap) + "coding-chunks = 300\n");
        writeConfiguration("olt-a", settings("olt-a", bootstrap));
        writeConfiguration("olt-b", settings("olt-b", bootstrap));

        final var first = upWithSessionsStored("olt-a");
        upWithSessionsStored("olt-b");
        await(() -> overlay.agents().stream().allMatch(member -> knows(member, "olt-a") && knows(member, "olt-b")),
            "every member knows olt-a and olt-b");
        assertTrue("the members hold the configured agents' chunks",
            overlay.agents().stream().mapToLong(member -> member.chunkStore().counters().chunks()).sum() > 0);
        await(() -> logged("org.psp.agent-olt-broken.cfg: coding-chunks must be 0 to 128, was 300; "
            + "the agent does not start"), "the bad value logged");
        assertFalse(configured.agent("olt-broken").isPresent());

        final var intruder = configured.agent("olt-intruder").orElseThrow();
        assertEquals(AgentStatus.JOINING, intruder.status());
        assertEquals(0, intruder.node().routingTable().size());
        assertTrue("no member lets an agent with another overlay key in",
            overlay.agents().stream().noneMatch(member -> knows(member, "olt-intruder")));

        writeConfiguration("olt-a", settings("olt-a", bootstrap) + "capacity-bytes = 1048576\n");
        await(() -> configured.agent("olt-a").filter(agent -> agent != first).isPresent(), "olt-a restarted");
        final var restarted = upWithSessionsStored("olt-a");
        assertNotSame(first, restarted);
        assertEquals(AgentStatus.STOPPED, first.status());
        final var recovery = restarted.lastRecovery().orElseThrow();
        assertEquals(recovery.toString(), RecoveryReport.Outcome.COMPLETE, recovery.outcome());
        assertEquals(SESSIONS, recovery.sessions());

        final var removed = configured.agent("olt-b").orElseThrow();
        Files.delete(etc().resolve("org.psp.agent-olt-b.cfg"));
        await(() -> configured.agent("olt-b").isEmpty(), "olt-b stopped");
        assertEquals(AgentStatus.STOPPED, removed.status());
        assertTrue(configured.agent("olt-a").isPresent());
    }

    private static String settings(final String anId, final List<String> bootstrap) {
        return "an-id = " + anId + "\noverlay-key = " + KEY + "\nbootstrap = " + String.join(", ", bootstrap)
            + "\ndata-chunks = 2\ncoding-chunks = 2\nsegments = 4\nsample-sessions = " + SESSIONS + "\n";
    }

    /** Writes etc/org.psp.agent-NAME.cfg whole, as an operator's tool would, so that Karaf never reads half of it. */
    private static void writeConfiguration(final String name, final String text) throws IOException {
        final var staged = Files.writeString(Path.of(System.getProperty("karaf.data"), name + ".cfg.new"), text);
        Files.move(staged, etc().resolve("org.psp.agent-" + name + ".cfg"), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path etc() {
        return Path.of(System.getProperty("karaf.etc"));
    }

    private AccessNodeAgent upWithSessionsStored(final String anId) throws InterruptedException {
        await(() -> configured.agent(anId).filter(agent -> agent.status() == AgentStatus.UP
            && agent.memory().size() == SESSIONS && agent.progress().pendingSegments() == 0
            && agent.progress().storingSegments() == 0).isPresent(), anId + " up with its sessions stored");
        return configured.agent(anId).orElseThrow();
    }

    private boolean knows(final AccessNodeAgent member, final String anId) {
        final var id = NodeId.ofAccessNode(anId);
        return member.node().routingTable().contacts().stream().anyMatch(contact -> contact.id().equals(id));
    }

    private static boolean logged(final String text) {
        final var log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 120 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
