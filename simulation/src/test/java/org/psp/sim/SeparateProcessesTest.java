/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives the same run in two processes, not only twice in one: what differs from one JVM to the next,
 * such as the iteration order of the JDK's immutable maps and sets, must not reach the simulated network.
 */
class SeparateProcessesTest {
    private static final Pattern DIGEST = Pattern.compile("trace digest ([0-9a-f]{16})");

    @Test
    void theSameSeedGivesTheSameTraceDigestInTwoProcesses(@TempDir final Path dir) throws Exception {
        // 24 simulated minutes: past the owners' first extension of their storing times (a third of an hour).
        final var first = digestOf(dir, "first");
        final var second = digestOf(dir, "second");
        assertEquals(first, second);
    }

    private static String digestOf(final Path dir, final String name) throws IOException, InterruptedException {
        final var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final var output = dir.resolve(name + ".out");
        final var process = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), SimulateCommand.class.getName(),
                "--nodes", "30", "--sessions", "20", "--hours", "0.4", "--seed", "3",
                "--csv", dir.resolve(name + ".csv").toString()))
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the simulation of " + name + " ended");
        final var text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        final var digest = DIGEST.matcher(text);
        assertTrue(digest.find(), text);
        return digest.group(1);
    }
}
