/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One record of the overlay's index: an entry under a keyword's hash, held by the nodes closest to that hash. The
 * overlay knows only its identity, version and validity; what it says is the publisher's.
 *
 * @param recordId names the entry among the records under one key; a record with the same id replaces it
 * @param version orders two records with the same id: the higher one wins, so that an old copy never overwrites a
 *     newer one
 * @param validFromMillis from when what the record says holds (epoch milliseconds)
 * @param validUntilMillis until when it holds, exclusive
 * @param payload what the record says, at most {@link #MAX_PAYLOAD} bytes; none for a {@linkplain #tombstone tombstone}
 */
public record IndexRecord(NodeId recordId, long version, long validFromMillis, long validUntilMillis,
        byte[] payload) {
    /** Largest payload, so that a record always fits in a datagram with room for others. */
    public static final int MAX_PAYLOAD = 640;
    /** Bytes a record takes in a message besides its payload. */
    public static final int OVERHEAD = 16 + 8 + 8 + 8 + 2;

    /**
     * Checks the components.
     */
    public IndexRecord {
        requireNonNull(recordId);
        requireNonNull(payload);
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("index record payload of " + payload.length + " bytes exceeds "
                + MAX_PAYLOAD);
        }
        if (validUntilMillis < validFromMillis) {
            throw new IllegalArgumentException("index record valid until " + validUntilMillis + " before "
                + validFromMillis);
        }
    }

    /**
     * Returns the tombstone of a record: a newer version that says nothing, which searches never return. It replaces
     * the record on the nodes closest to its key and, kept there long enough, hides any older copy that a node
     * holds from before.
     *
     * @param record the record
     * @param version its new version, higher than the record's
     * @return the tombstone, with the record's validity, so that it comes back wherever an older copy would
     */
    public static IndexRecord tombstone(final IndexRecord record, final long version) {
        if (version <= record.version) {
            throw new IllegalArgumentException("a tombstone's version " + version + " must exceed "
                + record.version);
        }
        return new IndexRecord(record.recordId, version, record.validFromMillis, record.validUntilMillis,
            new byte[0]);
    }

    /**
     * Tells whether this record is a tombstone: a record ended for good.
     *
     * @return true if it says nothing
     */
    public boolean isTombstone() {
        return payload.length == 0;
    }

    /**
     * Tells whether what the record says holds at an instant: never for a tombstone.
     *
     * @param atMillis the instant, epoch milliseconds
     * @return true if it is within the record's validity
     */
    public boolean validAt(final long atMillis) {
        return !isTombstone() && validFromMillis <= atMillis && atMillis < validUntilMillis;
    }

    /**
     * Returns how many bytes the record takes in a message.
     *
     * @return its encoded length
     */
    public int encodedLength() {
        return OVERHEAD + payload.length;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(final Object obj) {
        return this == obj || obj instanceof IndexRecord other && recordId.equals(other.recordId)
            && version == other.version && validFromMillis == other.validFromMillis
            && validUntilMillis == other.validUntilMillis && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return recordId.hashCode() * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "IndexRecord[" + recordId + " v" + version + ", " + validFromMillis + ".." + validUntilMillis + ", "
            + payload.length + " bytes]";
    }
}
