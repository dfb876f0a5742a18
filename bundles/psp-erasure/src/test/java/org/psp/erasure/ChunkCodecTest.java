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
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
    private static final StripeCodec STRIPES = new StripeCodec(ReedSolomon.of(new CodingParameters(4, 2)));

    @Test
    void roundTripsEveryChunkOfAStripe() throws ChunkFormatException {
        final var object = "subscriber 10.0.0.7 aa:bb:cc:dd:ee:ff port 1/1/3".getBytes();
        for (var chunk : STRIPES.encode("olt-7 é", "segment/12", 42, object)) {
            final var decoded = ChunkCodec.decode(ChunkCodec.encode(chunk));
            assertEquals(chunk.header(), decoded.header());
            assertArrayEquals(chunk.payload(), decoded.payload());
            assertEquals(ChunkCodec.encodedLength(chunk.header()), ChunkCodec.encode(chunk).length);
        }
    }

    @Test
    void aHolderReadsTheHeaderAloneAndNothingFromBytesThatAreNoChunk() {
        final var chunk = STRIPES.encode("olt-7", "segment-3", 9, new byte[100]).get(5);
        final var bytes = ChunkCodec.encode(chunk);
        assertEquals(Optional.of(chunk.header()), ChunkCodec.peekHeader(bytes));
        assertEquals(Optional.empty(), ChunkCodec.peekHeader(Arrays.copyOf(bytes, 20)));
        final var manifest = bytes.clone();
        manifest[0] = 1;
        assertEquals(Optional.empty(), ChunkCodec.peekHeader(manifest));
        final var badIndex = bytes.clone();
        // The index lies beyond the stripe: no header.
        ByteBuffer.wrap(badIndex).putShort(4 + 1 + 1 + 5 + 2 + 9 + 8, (short) 400);
        assertEquals(Optional.empty(), ChunkCodec.peekHeader(badIndex));
    }

    @Test
    void rejectsDamageWithClearMessages() {
        final var bytes = ChunkCodec.encode(STRIPES.encode("dslam-1", "segment/0", 1, new byte[100]).get(0));
        assertMessage("truncated chunk: 10 bytes, at least 70 needed", Arrays.copyOf(bytes, 10));

        final var wrongMagic = bytes.clone();
        wrongMagic[0] = 'X';
        assertMessage("not a PSP chunk: magic 0x58535043", wrongMagic);

        final var wrongVersion = bytes.clone();
        wrongVersion[4] = 9;
        assertMessage("unsupported chunk format version 9, expected 1", wrongVersion);

        final var flipped = bytes.clone();
        flipped[bytes.length - 10] ^= 0x20;
        assertMessage("chunk checksum mismatch: the chunk is corrupt", flipped);

        // A valid checksum over a lying length field.
        final var lying = bytes.clone();
        ByteBuffer.wrap(lying).putInt(4 + 1 + 1 + 7 + 2 + 9 + 8 + 2 + 2 + 2 + 8, 1 << 30);
        assertMessage("chunk length 1073741824 does not match the 25 payload bytes present", withCrc(lying));
    }

    @Test
    void hostileBytesOnlyEverYieldChunkFormatExceptions() {
        final var random = new Random(11);
        final var samples = new byte[8][];
        for (int i = 0; i < samples.length; i++) {
            final var object = new byte[random.nextInt(300)];
            random.nextBytes(object);
            final var chunks = STRIPES.encode("an-" + i, "segment/" + i, i, object);
            samples[i] = ChunkCodec.encode(chunks.get(random.nextInt(chunks.size())));
        }
        final int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 300_000; round++) {
                final var input = mutate(random, samples[round % samples.length]);
                try {
                    // Whatever is accepted is a chunk in canonical form: it encodes back to the same bytes.
                    assertArrayEquals(input, ChunkCodec.encode(ChunkCodec.decode(input)));
                    outcomes[0]++;
                } catch (ChunkFormatException e) {
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
                    outcomes[1]++;
                }
            }
        });
        // Mutations that keep a valid chunk (another generation, say) decode; the others are rejected.
        assertTrue(outcomes[1] > 150_000, "rejected only " + outcomes[1]);
        assertTrue(outcomes[0] > 1_000, "accepted only " + outcomes[0]);
    }

    private static byte[] mutate(final Random random, final byte[] sample) {
        final byte[] result;
        switch (random.nextInt(6)) {
            case 0 -> {
                result = new byte[random.nextInt(200)];
                random.nextBytes(result);
            }
            case 1 -> result = Arrays.copyOf(sample, random.nextInt(sample.length + 1));
            case 2 -> {
                result = sample.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    result[random.nextInt(result.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            default -> {
                // Garbage in the header or an absurd length, under a valid checksum.
                result = sample.clone();
                final int at = 5 + random.nextInt(Math.min(90, result.length - 9));
                switch (random.nextInt(3)) {
                    case 0 -> result[at] = (byte) random.nextInt();
                    case 1 -> ByteBuffer.wrap(result).putInt(Math.min(at, result.length - 8), random.nextInt());
                    default -> ByteBuffer.wrap(result).putShort(at, (short) -1);
                }
                withCrc(result);
            }
        }
        return result;
    }

    private static byte[] withCrc(final byte[] bytes) {
        final var crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static void assertMessage(final String expected, final byte[] bytes) {
        assertEquals(expected, assertThrows(ChunkFormatException.class, () -> ChunkCodec.decode(bytes)).getMessage());
    }
}
