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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StripeCodecTest {
    @Test
    void joinsObjectsOfAnyLengthFromAnyMChunks() throws ErasureException {
        final var random = new Random(5);
        for (int round = 0; round < 300; round++) {
            final int m = 1 + random.nextInt(24);
            final int k = random.nextInt(12);
            final var stripes = new StripeCodec(ReedSolomon.of(new CodingParameters(m, k)));
            final var object = new byte[random.nextInt(4) == 0 ? random.nextInt(3) : random.nextInt(5000)];
            random.nextBytes(object);
            final var chunks = new ArrayList<>(stripes.encode("an-1", "segment/3", round, object));
            assertEquals(m + k, chunks.size());
            Collections.shuffle(chunks, random);
            final var survivors = chunks.subList(0, m + random.nextInt(k + 1));
            assertArrayEquals(object, StripeCodec.decode(survivors), m + "+" + k + ", " + object.length + " bytes");
        }
    }

    @Test
    void tooFewChunksIsUnrecoverableWithCounts() {
        final var stripes = new StripeCodec(ReedSolomon.of(new CodingParameters(16, 16)));
        final var chunks = stripes.encode("an-1", "segment/0", 1, new byte[10_000]);
        final var failure = assertThrows(UnrecoverableStripeException.class,
            () -> StripeCodec.decode(chunks.subList(5, 20)));
        assertEquals("unrecoverable: found 15 of 16 needed", failure.getMessage());
    }

    @Test
    void aCorruptChunkIsMissingNotDecoded() throws ErasureException {
        final var stripes = new StripeCodec(ReedSolomon.of(new CodingParameters(4, 2)));
        final var object = new byte[1000];
        new Random(6).nextBytes(object);
        final var valid = new ArrayList<Chunk>();
        for (var chunk : stripes.encode("an-1", "segment/0", 1, object)) {
            final var bytes = ChunkCodec.encode(chunk);
            if (chunk.header().index() == 1) {
                bytes[100] ^= 1;
            }
            try {
                valid.add(ChunkCodec.decode(bytes));
            } catch (ChunkFormatException e) {
                assertTrue(e.getMessage().contains("checksum"));
            }
        }
        assertEquals(5, valid.size());
        assertArrayEquals(object, StripeCodec.decode(valid));
    }

    @Test
    void decodesTheNewestGenerationThatIsComplete() throws ErasureException {
        final var stripes = new StripeCodec(ReedSolomon.of(new CodingParameters(4, 2)));
        final var old = stripes.encode("an-1", "segment/0", 1, "old sessions".getBytes());
        final var current = stripes.encode("an-1", "segment/0", 2, "new sessions!".getBytes());
        final var mixed = new ArrayList<Chunk>();
        mixed.addAll(old.subList(0, 5));
        mixed.addAll(current.subList(1, 5));
        assertArrayEquals("new sessions!".getBytes(), StripeCodec.decode(mixed));
        // With only three chunks of generation 2 left, generation 1 is what can be restored.
        assertArrayEquals("old sessions".getBytes(), StripeCodec.decode(List.of(old.get(0), old.get(2),
            old.get(3), old.get(5), current.get(1), current.get(2), current.get(3))));
    }

    @Test
    void chunksOfDifferentContentUnderOneHeaderAreDetected() {
        final var stripes = new StripeCodec(ReedSolomon.of(new CodingParameters(2, 1)));
        final var first = stripes.encode("an-1", "segment/0", 7, "aaaaaaaa".getBytes());
        final var forged = stripes.encode("an-1", "segment/0", 7, "bbbbbbbb".getBytes());
        final var mixed = List.of(first.get(0), new Chunk(first.get(1).header(), forged.get(1).payload()));
        final var failure = assertThrows(ErasureException.class, () -> StripeCodec.decode(mixed));
        assertTrue(failure.getMessage().contains("does not match its SHA-256"), failure.getMessage());
    }
}
