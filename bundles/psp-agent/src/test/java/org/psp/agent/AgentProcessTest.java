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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.psp.erasure.CodingParameters;

/**
 * An access node in a process of its own, started by {@link AgentLauncher} from a settings file, among agents of
 * the test JVM: it stores its sample sessions, is killed, and recovers them when started again.
 */
class AgentProcessTest {
    private static final int SESSIONS = 400;

    @TempDir
    Path dir;

    private final TestBed bed = new TestBed(new CodingParameters(4, 2), 16);
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        bed.close();
    }

    @Test
    void aKilledAgentProcessGetsItsSessionsBackWhenStartedAgain() throws Exception {
        bed.startAll(8);
        final int port;
        try (var probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        final var settings = dir.resolve("olt-9.properties");
        Files.writeString(settings, String.join("\n",
            "an-id = olt-9",
            "overlay-key = " + new String(TestBed.KEY, StandardCharsets.UTF_8),
            "listen = 127.0.0.1:" + port,
            "bootstrap = 127.0.0.1:" + bed.agents.get(3).node().contact().address().getPort(),
            "data-chunks = 4",
            "coding-chunks = 2",
            "segments = 16",
            "sample-sessions = " + SESSIONS));
        final var first = launch(settings);
        first.await("olt-9 created " + SESSIONS + " sample sessions, stored 16 segments, 0 waiting");
        final var digest = first.await("olt-9 sessions digest ");
        first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertTrue(bed.agents.stream().mapToLong(agent -> agent.chunkStore().counters().chunks()).sum()
            >= 16 * 6, "the test JVM's agents hold the killed node's chunks");

        final var second = launch(settings);
        second.await("olt-9 recovery COMPLETE: " + SESSIONS + " sessions in 16 segments");
        second.await("olt-9 status UP");
        assertEquals(digest, second.await("olt-9 sessions digest "));
    }

    @Test
    void badSettingsAreNamedAndTheProcessExitsWithTwo() throws Exception {
        final var settings = dir.resolve("bad.properties");
        Files.writeString(settings, "an-id = olt-1\noverlay-key = short\n");
        final var launched = launch(settings);
        assertTrue(launched.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, launched.process.exitValue());
        // The JVM's own warning about the incubator module comes first.
        assertEquals(List.of("psp-agent: " + settings + ": overlay-key must have at least 16 bytes, has 5"),
            new String(launched.process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList());
    }

    private Launched launch(final Path settings) throws IOException {
        final var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final var process = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
            System.getProperty("java.class.path"), AgentLauncher.class.getName(), settings.toString()).start();
        processes.add(process);
        final var lines = new LinkedBlockingQueue<String>();
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("read failed: " + e.getMessage());
            }
        });
        return new Launched(process, lines);
    }

    /** A started agent process and the lines it printed. */
    private record Launched(Process process, BlockingQueue<String> lines) {
        /** Waits for a line that starts with the given text, and returns it. */
        String await(final String line) throws InterruptedException {
            final var seen = new ArrayList<String>();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                final var next = lines.poll(100, TimeUnit.MILLISECONDS);
                if (next != null && next.startsWith(line)) {
                    return next;
                }
                if (next != null) {
                    seen.add(next);
                }
            }
            throw new AssertionError("no line '" + line + "' within 60 s; saw " + seen);
        }
    }
}
