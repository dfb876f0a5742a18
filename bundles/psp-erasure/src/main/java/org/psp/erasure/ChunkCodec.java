/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The binary form of a chunk, as it travels and as it is held in RAM. Big-endian:
 *
 * <pre>
 *   magic "PSPC" (4) | format version (1) | owner id length (1) | owner id (UTF-8)
 *   | object name length (2) | object name (UTF-8) | generation (8) | chunk index (2) | m (2) | k (2)
 *   | object length (8) | chunk length (4) | object SHA-256 (32) | payload (chunk length)
 *   | CRC32C of everything before it (4)
 * </pre>
 *
 * <p>Decoding checks the checksum before it trusts any field, and every length against what is there, so that
 * hostile bytes yield a {@link ChunkFormatException} and never another exception or a large allocation.
 */
public final class ChunkCodec {
    /** The first four bytes of every chunk. */
    public static final int MAGIC = 0x50535043;
    /** The format version this codec writes and reads. */
    public static final byte VERSION = 1;

    private static final int FIXED_LENGTH = 4 + 1 + 1 + 2 + 8 + 2 + 2 + 2 + 8 + 4 + ObjectDigest.LENGTH + 4;

    private ChunkCodec() {
        // static methods only
    }

    /**
     * Returns the encoded length of a chunk.
     *
     * @param header the chunk's header
     * @return its length in bytes
     */
    public static int encodedLength(final ChunkHeader header) {
        return FIXED_LENGTH + utf8(header.ownerId()).length + utf8(header.objectName()).length
            + header.chunkLength();
    }

    /**
     * Encodes a chunk.
     *
     * @param chunk the chunk
     * @return its binary form
     */
    public static byte[] encode(final Chunk chunk) {
        final var header = chunk.header();
        final var owner = utf8(header.ownerId());
        final var name = utf8(header.objectName());
        final var bytes = new byte[encodedLength(header)];
        final var buffer = ByteBuffer.wrap(bytes)
            .putInt(MAGIC)
            .put(VERSION)
            .put((byte) owner.length).put(owner)
            .putShort((short) name.length).put(name)
            .putLong(header.generation())
            .putShort((short) header.index())
            .putShort((short) header.coding().dataChunks())
            .putShort((short) header.coding().codingChunks())
            .putLong(header.objectLength())
            .putInt(header.chunkLength())
            .put(header.objectDigest().bytes())
            .put(chunk.payload());
        final var crc = new CRC32C();
        crc.update(bytes, 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return bytes;
    }

    /**
     * Decodes a chunk.
     *
     * @param bytes exactly one encoded chunk
     * @return the chunk
     * @throws ChunkFormatException if the bytes are not a valid chunk
     */
    public static Chunk decode(final byte[] bytes) throws ChunkFormatException {
        if (bytes.length < FIXED_LENGTH) {
            throw new ChunkFormatException("truncated chunk: " + bytes.length + " bytes, at least " + FIXED_LENGTH
                + " needed");
        }
        final var buffer = ByteBuffer.wrap(bytes);
        final int magic = buffer.getInt();
        if (magic != MAGIC) {
            throw new ChunkFormatException(String.format("not a PSP chunk: magic 0x%08x", magic));
        }
        final byte version = buffer.get();
        if (version != VERSION) {
            throw new ChunkFormatException("unsupported chunk format version " + version + ", expected " + VERSION);
        }
        final var crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new ChunkFormatException("chunk checksum mismatch: the chunk is corrupt");
        }
        try {
            final var owner = string(buffer, buffer.get() & 0xFF, "owner id");
            final var name = string(buffer, buffer.getShort() & 0xFFFF, "object name");
            final long generation = buffer.getLong();
            final int index = buffer.getShort() & 0xFFFF;
            final var coding = new CodingParameters(buffer.getShort() & 0xFFFF, buffer.getShort() & 0xFFFF);
            final long objectLength = buffer.getLong();
            final int chunkLength = buffer.getInt();
            final var digest = new byte[ObjectDigest.LENGTH];
            buffer.get(digest);
            if (chunkLength < 0 || chunkLength != buffer.remaining() - 4) {
                throw new ChunkFormatException("chunk length " + chunkLength + " does not match the "
                    + (buffer.remaining() - 4) + " payload bytes present");
            }
            final var header = new ChunkHeader(owner, name, generation, index, coding, objectLength, chunkLength,
                new ObjectDigest(digest));
            final var payload = new byte[chunkLength];
            buffer.get(payload);
            return new Chunk(header, payload);
        } catch (IllegalArgumentException e) {
            throw new ChunkFormatException("invalid chunk header: " + e.getMessage(), e);
        } catch (BufferUnderflowException e) {
            throw new ChunkFormatException("truncated chunk header", e);
        }
    }

    /**
     * Reads the header of an encoded chunk without checking its payload or checksum: for a holder that looks over
     * what it holds, not for reading the data.
     *
     * @param bytes an encoded chunk
     * @return its header, or empty if the bytes do not start with a valid chunk header
     */
    public static Optional<ChunkHeader> peekHeader(final byte[] bytes) {
        if (bytes.length < FIXED_LENGTH) {
            return Optional.empty();
        }
        final var buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != MAGIC || buffer.get() != VERSION) {
            return Optional.empty();
        }
        try {
            final var owner = string(buffer, buffer.get() & 0xFF, "owner id");
            final var name = string(buffer, buffer.getShort() & 0xFFFF, "object name");
            final long generation = buffer.getLong();
            final int index = buffer.getShort() & 0xFFFF;
            final var coding = new CodingParameters(buffer.getShort() & 0xFFFF, buffer.getShort() & 0xFFFF);
            final long objectLength = buffer.getLong();
            final int chunkLength = buffer.getInt();
            final var digest = new byte[ObjectDigest.LENGTH];
            buffer.get(digest);
            return Optional.of(new ChunkHeader(owner, name, generation, index, coding, objectLength, chunkLength,
                new ObjectDigest(digest)));
        } catch (ChunkFormatException | IllegalArgumentException | BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    private static String string(final ByteBuffer buffer, final int length, final String what)
            throws ChunkFormatException {
        if (length > buffer.remaining()) {
            throw new ChunkFormatException(what + " length " + length + " exceeds the chunk");
        }
        final var slice = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new ChunkFormatException(what + " is not valid UTF-8", e);
        }
    }

    private static byte[] utf8(final String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
