/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.ObjectDigest;
import org.psp.kad.IndexRecord;
import org.psp.kad.NodeId;

/**
 * Where the chunks of one stored object are, as the index tells it under the object's content hash: its owner, which
 * of the owner's segments it is, and the holder of each chunk.
 *
 * @param owner the access node whose object it is
 * @param segment which of its segments
 * @param generation the segment's generation
 * @param coding m and k of its stripe
 * @param holders the holder of each chunk, by chunk index; the first ones only if the stripe has more chunks than an
 *     index record lists
 */
public record StoredObjectLocation(String owner, int segment, long generation, CodingParameters coding,
        List<NodeId> holders) {
    private static final int FORMAT = 2;

    /**
     * Checks and copies the components.
     */
    public StoredObjectLocation {
        requireNonNull(owner);
        requireNonNull(coding);
        holders = List.copyOf(holders);
    }

    /**
     * Returns the key an object's location is indexed under: its content hash.
     *
     * @param digest the object's SHA-256
     * @return the key
     */
    public static NodeId keyOf(final ObjectDigest digest) {
        return NodeId.keyOf("psp-index", "content " + digest);
    }

    /**
     * Returns this location as an index record.
     *
     * @param version the record's version
     * @param validFromMillis when the object was stored
     * @param validUntilMillis until when its chunks are kept, or when it was replaced
     * @return the record
     */
    IndexRecord toRecord(final long version, final long validFromMillis, final long validUntilMillis) {
        final var bytes = new ByteArrayOutputStream(IndexRecord.MAX_PAYLOAD);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(owner);
            out.writeInt(segment);
            out.writeLong(generation);
            out.writeShort(coding.dataChunks());
            out.writeShort(coding.codingChunks());
            final int listed = Math.min(holders.size(), (IndexRecord.MAX_PAYLOAD - out.size() - 2) / 16);
            out.writeShort(listed);
            for (var holder : holders.subList(0, listed)) {
                out.writeLong(holder.high());
                out.writeLong(holder.low());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new IndexRecord(NodeId.keyOf(owner, "segment " + segment), version, validFromMillis,
            validUntilMillis, bytes.toByteArray());
    }

    /**
     * Reads a location from an index record.
     *
     * @param record the record
     * @return the location
     * @throws SessionFormatException if the record is not an object location
     */
    static StoredObjectLocation fromRecord(final IndexRecord record) throws SessionFormatException {
        try (var in = new DataInputStream(new ByteArrayInputStream(record.payload()))) {
            final int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new SessionFormatException("not an object location record (format " + format + ")", null);
            }
            final var owner = in.readUTF();
            final int segment = in.readInt();
            final long generation = in.readLong();
            final var coding = new CodingParameters(in.readUnsignedShort(), in.readUnsignedShort());
            final int listed = in.readUnsignedShort();
            final var holders = new ArrayList<NodeId>(listed);
            for (int i = 0; i < listed; i++) {
                holders.add(new NodeId(in.readLong(), in.readLong()));
            }
            return new StoredObjectLocation(owner, segment, generation, coding, holders);
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionFormatException("not an object location record: " + e.getMessage(), e);
        }
    }
}
