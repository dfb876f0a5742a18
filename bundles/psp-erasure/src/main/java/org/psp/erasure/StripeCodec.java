/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Turns an object into the m + k chunks of a stripe and any m of them back into the object.
 *
 * <p>The object is split into m equal data chunks, the last padded with zeros, and k coding chunks are added. Every
 * chunk carries the object's SHA-256; a decode checks it, so chunks of different versions are never mixed into
 * wrong data. Data chunks are preferred: when all of them are present no decoding is needed.
 */
public final class StripeCodec {
    private final ReedSolomon codec;

    /**
     * Creates a stripe codec.
     *
     * @param codec the Reed-Solomon codec whose parameters the stripes get
     */
    public StripeCodec(final ReedSolomon codec) {
        this.codec = requireNonNull(codec);
    }

    /**
     * Returns the shape of the stripes this codec makes.
     *
     * @return m and k
     */
    public CodingParameters coding() {
        return codec.coding();
    }

    /**
     * Splits an object into the chunks of a stripe.
     *
     * @param ownerId the owning access node
     * @param objectName the object's name
     * @param generation the object's version
     * @param object the object's bytes, of any length including 0
     * @return the m + k chunks, by index
     */
    public List<Chunk> encode(final String ownerId, final String objectName, final long generation,
            final byte[] object) {
        final var coding = codec.coding();
        final int m = coding.dataChunks();
        final int chunkLength = ChunkHeader.chunkLengthOf(object.length, m);
        final var shards = new byte[coding.totalChunks()][chunkLength];
        for (int i = 0; i < m; i++) {
            final int from = Math.min(object.length, i * chunkLength);
            final int to = Math.min(object.length, from + chunkLength);
            System.arraycopy(object, from, shards[i], 0, to - from);
        }
        codec.encode(shards);
        final var digest = ObjectDigest.of(object);
        final var chunks = new ArrayList<Chunk>(shards.length);
        for (int i = 0; i < shards.length; i++) {
            chunks.add(new Chunk(new ChunkHeader(ownerId, objectName, generation, i, coding, object.length,
                chunkLength, digest), shards[i]));
        }
        return chunks;
    }

    /**
     * Restores an object from chunks of its stripe. Chunks of other stripes (other objects, generations or codings)
     * may be among them: the newest generation that has at least m distinct chunks is decoded.
     *
     * @param chunks the chunks found, valid ones only (a chunk that failed its checksum is missing)
     * @return the object
     * @throws UnrecoverableStripeException if no stripe has m distinct chunks; it tells how many the best had
     * @throws ErasureException if the decoded bytes do not match the stripe's SHA-256
     */
    public static byte[] decode(final Collection<Chunk> chunks) throws ErasureException {
        if (chunks.isEmpty()) {
            throw new UnrecoverableStripeException(0, 1);
        }
        final var stripes = new ArrayList<List<Chunk>>();
        for (var chunk : chunks) {
            stripes.stream().filter(stripe -> stripe.get(0).header().sameStripeAs(chunk.header())).findFirst()
                .orElseGet(() -> {
                    final var stripe = new ArrayList<Chunk>();
                    stripes.add(stripe);
                    return stripe;
                }).add(chunk);
        }
        stripes.sort(Comparator.comparingLong((List<Chunk> stripe) -> stripe.get(0).header().generation())
            .reversed());
        UnrecoverableStripeException best = null;
        for (var stripe : stripes) {
            try {
                return decodeStripe(stripe);
            } catch (UnrecoverableStripeException e) {
                if (best == null || e.found() > best.found()) {
                    best = e;
                }
            }
        }
        throw best;
    }

    private static byte[] decodeStripe(final List<Chunk> stripe) throws ErasureException {
        final var header = stripe.get(0).header();
        final var coding = header.coding();
        final var shards = new byte[coding.totalChunks()][];
        final var present = new boolean[coding.totalChunks()];
        int found = 0;
        for (var chunk : stripe) {
            final int index = chunk.header().index();
            if (!present[index]) {
                present[index] = true;
                shards[index] = chunk.payload();
                found++;
            }
        }
        final int m = coding.dataChunks();
        if (found < m) {
            throw new UnrecoverableStripeException(found, m);
        }
        boolean allData = true;
        for (int i = 0; i < m; i++) {
            allData &= present[i];
        }
        if (!allData) {
            // Reconstruct into copies, leaving the callers' chunks untouched.
            final var work = new byte[shards.length][];
            for (int i = 0; i < shards.length; i++) {
                work[i] = present[i] ? shards[i] : null;
            }
            ReedSolomon.of(coding).reconstructData(work, present, 0, header.chunkLength());
            System.arraycopy(work, 0, shards, 0, m);
        }
        if (header.objectLength() > Integer.MAX_VALUE - 8) {
            throw new ErasureException("object " + header.ownerId() + "/" + header.objectName() + " of "
                + header.objectLength() + " bytes is too large to restore into memory");
        }
        final var object = new byte[(int) header.objectLength()];
        for (int i = 0, offset = 0; offset < object.length; i++, offset += header.chunkLength()) {
            System.arraycopy(shards[i], 0, object, offset, Math.min(header.chunkLength(), object.length - offset));
        }
        if (!ObjectDigest.of(object).equals(header.objectDigest())) {
            throw new ErasureException("decoded object " + header.ownerId() + "/" + header.objectName()
                + " generation " + header.generation() + " does not match its SHA-256: chunks are mixed or stale");
        }
        return object;
    }
}
