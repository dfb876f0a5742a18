/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.NodeId;

/**
 * An access node's table of contents in the overlay: for every segment, its current generation, digest, coding,
 * length and the nodes holding its chunks. It is replicated on the K nodes closest to its key; a newer manifest has
 * a higher generation. Immutable, and equal to another with the same contents; its binary form is made once.
 */
public final class Manifest {
    /** The format version written and read. */
    public static final byte VERSION = 1;
    private static final int SEGMENT_FIXED_LENGTH = 4 + 8 + ObjectDigest.LENGTH + 2 + 2 + 8;
    private static final int NODE_ID_LENGTH = 16;
    private static final int MAX_HOLDERS = 65_535;

    private final String anId;
    private final long generation;
    private final Map<Integer, SegmentVersion> segments;
    /** The binary form, made at the first call that needs it: a coordinator sends it to every holder. */
    private volatile ByteBuffer encoded;

    /**
     * Creates a manifest; the segments are copied into key order.
     *
     * @param anId the access node
     * @param generation the manifest's own version
     * @param segments segment number to its current version
     */
    public Manifest(final String anId, final long generation, final Map<Integer, SegmentVersion> segments) {
        this.anId = requireNonNull(anId);
        this.generation = generation;
        this.segments = Collections.unmodifiableMap(new TreeMap<>(segments));
    }

    /**
     * Returns the access node.
     *
     * @return its id
     */
    public String anId() {
        return anId;
    }

    /**
     * Returns the manifest's own version.
     *
     * @return the generation
     */
    public long generation() {
        return generation;
    }

    /**
     * Returns the segments.
     *
     * @return segment number to its current version, in key order; unmodifiable
     */
    public Map<Integer, SegmentVersion> segments() {
        return segments;
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Manifest manifest && manifest.generation == generation && manifest.anId.equals(anId)
            && manifest.segments.equals(segments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(anId, generation, segments);
    }

    @Override
    public String toString() {
        return "Manifest[anId=" + anId + ", generation=" + generation + ", segments=" + segments + "]";
    }

    /**
     * Returns the manifest's binary form. Big-endian: version (1) | AN id (2 + UTF-8) | generation (8) | holder count
     * (2) | the holders' node ids (16 each) | segment count (4) | per segment: number (4), generation (8), SHA-256
     * (32), m (2), k (2), length (8), then for each of its m + k chunks the index of its holder in the list (2).
     *
     * @return the bytes, a copy of their own
     */
    public byte[] toBytes() {
        var known = encoded;
        if (known == null) {
            known = ByteBuffer.wrap(encode()).asReadOnlyBuffer();
            encoded = known;
        }
        final var bytes = new byte[known.capacity()];
        known.get(0, bytes);
        return bytes;
    }

    private byte[] encode() {
        final var id = anId.getBytes(StandardCharsets.UTF_8);
        final var holders = new LinkedHashMap<NodeId, Integer>();
        int length = 1 + 2 + id.length + 8 + 2 + 4;
        for (var version : segments.values()) {
            length += SEGMENT_FIXED_LENGTH + version.holders().size() * 2;
            version.holders().forEach(holder -> holders.putIfAbsent(holder, holders.size()));
        }
        if (holders.size() > MAX_HOLDERS) {
            throw new IllegalStateException(holders.size() + " holders, at most " + MAX_HOLDERS);
        }
        final var out = ByteBuffer.allocate(length + holders.size() * NODE_ID_LENGTH)
            .put(VERSION).putShort((short) id.length).put(id).putLong(generation).putShort((short) holders.size());
        holders.keySet().forEach(holder -> out.putLong(holder.high()).putLong(holder.low()));
        out.putInt(segments.size());
        segments.forEach((segment, version) -> {
            out.putInt(segment).putLong(version.generation()).put(version.digest().bytes())
                .putShort((short) version.coding().dataChunks()).putShort((short) version.coding().codingChunks())
                .putLong(version.length());
            version.holders().forEach(holder -> out.putShort(holders.get(holder).shortValue()));
        });
        return out.array();
    }

    /**
     * Whose manifest a replica is and which generation, read from its first bytes alone.
     *
     * @param anId the owner
     * @param generation the generation
     */
    record Head(String anId, long generation) {
    }

    /**
     * Reads the owner and generation at the start of a manifest's binary form.
     *
     * @param bytes the bytes
     * @return them, or empty if the bytes cannot start a manifest
     */
    static Optional<Head> head(final byte[] bytes) {
        final var in = ByteBuffer.wrap(bytes);
        if (in.remaining() < 3 || in.get() != VERSION) {
            return Optional.empty();
        }
        final int idLength = in.getShort() & 0xFFFF;
        if (in.remaining() < idLength + 8) {
            return Optional.empty();
        }
        final var id = new byte[idLength];
        in.get(id);
        return Optional.of(new Head(new String(id, StandardCharsets.UTF_8), in.getLong()));
    }

    /**
     * Reads a manifest.
     *
     * @param bytes its binary form
     * @return the manifest
     * @throws SessionFormatException if the bytes are not a manifest
     */
    public static Manifest fromBytes(final byte[] bytes) throws SessionFormatException {
        final var in = ByteBuffer.wrap(bytes);
        try {
            final byte version = in.get();
            if (version != VERSION) {
                throw new SessionFormatException("unsupported manifest format version " + version, null);
            }
            final var id = new byte[in.getShort() & 0xFFFF];
            in.get(id);
            final long generation = in.getLong();
            final var holders = new NodeId[in.getShort() & 0xFFFF];
            for (int i = 0; i < holders.length; i++) {
                holders[i] = new NodeId(in.getLong(), in.getLong());
            }
            final int count = in.getInt();
            if (count < 0 || count > in.remaining() / SEGMENT_FIXED_LENGTH) {
                throw new SessionFormatException("impossible segment count " + count, null);
            }
            final var segments = new TreeMap<Integer, SegmentVersion>();
            for (int i = 0; i < count; i++) {
                final int segment = in.getInt();
                final long segmentGeneration = in.getLong();
                final var digest = new byte[ObjectDigest.LENGTH];
                in.get(digest);
                final var coding = new CodingParameters(in.getShort() & 0xFFFF, in.getShort() & 0xFFFF);
                final long length = in.getLong();
                final var chunkHolders = new ArrayList<NodeId>(coding.totalChunks());
                for (int chunk = 0; chunk < coding.totalChunks(); chunk++) {
                    final int holder = in.getShort() & 0xFFFF;
                    if (holder >= holders.length) {
                        throw new SessionFormatException("segment " + segment + " names holder " + holder + " of "
                            + holders.length, null);
                    }
                    chunkHolders.add(holders[holder]);
                }
                segments.put(segment, new SegmentVersion(segmentGeneration, new ObjectDigest(digest), coding, length,
                    chunkHolders));
            }
            if (in.hasRemaining()) {
                throw new SessionFormatException(in.remaining() + " stray bytes after the manifest", null);
            }
            return new Manifest(new String(id, StandardCharsets.UTF_8), generation, segments);
        } catch (BufferUnderflowException e) {
            throw new SessionFormatException("truncated manifest", e);
        } catch (IllegalArgumentException e) {
            throw new SessionFormatException("invalid manifest: " + e.getMessage(), e);
        }
    }
}
