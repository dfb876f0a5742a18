/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesEveryBackblazeKnownAnswerVector() throws IOException {
        try (var reader = new InputStreamReader(getClass().getResourceAsStream("/reed-solomon-vectors.json"),
                StandardCharsets.UTF_8)) {
            final var vectors = JsonParser.parseReader(reader).getAsJsonObject().getAsJsonArray("vectors");
            assertEquals(42, vectors.size());
            for (var element : vectors) {
                final var vector = element.getAsJsonObject();
                final int m = vector.get("data_chunks").getAsInt();
                final int k = vector.get("coding_chunks").getAsInt();
                final int size = vector.get("chunk_size").getAsInt();
                final var shards = new byte[m + k][];
                for (int i = 0; i < m; i++) {
                    shards[i] = HEX.parseHex(vector.getAsJsonArray("data").get(i).getAsString());
                }
                for (int i = m; i < m + k; i++) {
                    shards[i] = new byte[size];
                }
                for (var kernel : KernelAgreementTest.kernels()) {
                    new ReedSolomon(new CodingParameters(m, k), kernel).encode(shards);
                    for (int i = 0; i < k; i++) {
                        assertEquals(vector.getAsJsonArray("parity").get(i).getAsString(), HEX.formatHex(shards[m + i]),
                            () -> m + "+" + k + " size " + size + " on " + kernel.name());
                    }
                }
            }
        }
    }

    @Test
    void restoresAnyPatternOfUpToKErasures() throws UnrecoverableStripeException {
        final var random = new Random(20261122);
        for (int round = 0; round < 200; round++) {
            final int m = 1 + random.nextInt(random.nextBoolean() ? 20 : 150);
            final int k = random.nextInt(Math.min(64, 256 - m) + 1);
            final int size = random.nextInt(3) == 0 ? random.nextInt(8) : random.nextInt(700);
            final var codec = ReedSolomon.of(new CodingParameters(m, k));
            final var original = randomShards(random, m, k, size);
            codec.encode(original);
            assertTrue(codec.verify(original));

            final var shards = copy(original);
            final var present = new boolean[m + k];
            Arrays.fill(present, true);
            final int erasures = random.nextInt(k + 1);
            for (int e = 0; e < erasures; e++) {
                final int victim = random.nextInt(m + k);
                if (!present[victim]) {
                    continue;
                }
                present[victim] = false;
                if (random.nextBoolean()) {
                    shards[victim] = null;
                } else {
                    random.nextBytes(shards[victim]);
                }
            }
            final var before = copy(shards);
            final int from = size == 0 ? 0 : random.nextInt(size);
            final int length = random.nextInt(size - from + 1);
            switch (round % 3) {
                case 0 -> codec.reconstruct(shards, present);
                case 1 -> codec.reconstruct(shards, present, from, length);
                default -> codec.reconstructData(shards, present, from, length);
            }
            for (int i = 0; i < m + k; i++) {
                final var what = "shard " + i + " of " + m + "+" + k + " in round " + round;
                if (round % 3 == 0) {
                    assertArrayEquals(original[i], shards[i], what);
                } else if (present[i] || i < m || round % 3 == 1) {
                    assertArrayEquals(Arrays.copyOfRange(original[i], from, from + length),
                        Arrays.copyOfRange(shards[i], from, from + length), what);
                } else {
                    // A data-only reconstruction leaves missing coding shards as they were.
                    assertArrayEquals(before[i], shards[i], what);
                }
            }
        }
    }

    @Test
    void reportsHowManyShardsWereFoundWhenMoreThanKAreLost() {
        final var codec = ReedSolomon.of(new CodingParameters(10, 4));
        final var shards = randomShards(new Random(1), 10, 4, 100);
        codec.encode(shards);
        final var present = new boolean[14];
        for (int i = 0; i < 9; i++) {
            present[i * 3 % 14] = true;
        }
        final var failure = assertThrows(UnrecoverableStripeException.class, () -> codec.reconstruct(shards, present));
        assertEquals("unrecoverable: found 9 of 10 needed", failure.getMessage());
        assertEquals(9, failure.found());
        assertEquals(10, failure.needed());
    }

    @Test
    void verifyDetectsACorruptCodingShard() {
        final var codec = ReedSolomon.of(new CodingParameters(4, 2));
        final var shards = randomShards(new Random(2), 4, 2, 64);
        codec.encode(shards);
        shards[5][17] ^= 1;
        assertFalse(codec.verify(shards));
    }

    @Test
    void aCodeWithoutCodingShardsIsTheDataItself() throws UnrecoverableStripeException {
        final var codec = ReedSolomon.of(new CodingParameters(3, 0));
        final var shards = randomShards(new Random(3), 3, 0, 10);
        codec.encode(shards);
        codec.reconstruct(shards, new boolean[] {true, true, true});
        assertTrue(codec.verify(shards));
        assertThrows(UnrecoverableStripeException.class,
            () -> codec.reconstruct(shards, new boolean[] {true, false, true}));
    }

    @Test
    void repeatedRecoveriesOfOnePatternGiveTheSameResult() throws UnrecoverableStripeException {
        final var codec = ReedSolomon.of(new CodingParameters(16, 16));
        final var random = new Random(4);
        final var present = new boolean[32];
        for (int i = 16; i < 32; i++) {
            present[i] = true;
        }
        for (int round = 0; round < 3; round++) {
            final var original = randomShards(random, 16, 16, 1000);
            codec.encode(original);
            final var shards = copy(original);
            for (int i = 0; i < 16; i++) {
                shards[i] = null;
            }
            codec.reconstruct(shards, present);
            for (int i = 0; i < 16; i++) {
                assertArrayEquals(original[i], shards[i]);
            }
        }
    }

    static byte[][] randomShards(final Random random, final int dataShards, final int codingShards,
            final int size) {
        final var shards = new byte[dataShards + codingShards][size];
        for (int i = 0; i < dataShards; i++) {
            random.nextBytes(shards[i]);
        }
        return shards;
    }

    private static byte[][] copy(final byte[][] shards) {
        final var result = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            result[i] = shards[i] == null ? null : shards[i].clone();
        }
        return result;
    }
}
