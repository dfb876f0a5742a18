/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Systematic Reed-Solomon coding over GF(2^8) (polynomial 0x11D) of m data shards into m + k shards, any m of which
 * restore the rest.
 *
 * <p>The coding matrix is the (m + k) x m Vandermonde matrix (row r, column c holds r^c) times the inverse of its
 * top m x m block, so its top is the identity and the shards are those of Backblaze JavaReedSolomon for the same
 * input. Shards are equally long byte arrays, indexed 0 to m - 1 (data) and m to m + k - 1 (coding).
 *
 * <p>Instances are immutable and thread-safe; decode matrices are cached per erasure pattern.
 */
public final class ReedSolomon {
    private static final int DECODE_CACHE_SIZE = 256;
    /** One codec per parameter set in use, so that their decode caches are shared. */
    private static final ConcurrentHashMap<CodingParameters, ReedSolomon> CODECS = new ConcurrentHashMap<>();

    private final CodingParameters coding;
    private final GfKernel kernel;
    private final GfMatrix matrix;
    private final GfKernel.Multiplication encoder;
    private final Map<Pattern, Repair> repairs = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(final Map.Entry<Pattern, Repair> eldest) {
            return size() > DECODE_CACHE_SIZE;
        }
    };

    ReedSolomon(final CodingParameters coding, final GfKernel kernel) {
        this.coding = requireNonNull(coding);
        this.kernel = requireNonNull(kernel);
        final int m = coding.dataChunks();
        final var vandermonde = GfMatrix.vandermonde(coding.totalChunks(), m);
        matrix = vandermonde.times(vandermonde.rows(0, m).inverse());
        encoder = coding.codingChunks() == 0 ? null
            : kernel.prepare(rowsOf(matrix.rows(m, coding.totalChunks())));
    }

    /**
     * Returns the codec for the given parameters on the fastest kernel of this JVM.
     *
     * @param coding m and k
     * @return the codec
     */
    public static ReedSolomon of(final CodingParameters coding) {
        return CODECS.computeIfAbsent(coding, parameters -> new ReedSolomon(parameters, GfKernels.best()));
    }

    /**
     * Returns the parameters of this codec.
     *
     * @return m and k
     */
    public CodingParameters coding() {
        return coding;
    }

    /**
     * Returns the name of the kernel this codec computes with, such as {@code vector-512} or {@code scalar}.
     *
     * @return the kernel name
     */
    public String kernelName() {
        return kernel.name();
    }

    /**
     * Computes the coding shards from the data shards.
     *
     * @param shards m + k shards of equal length; the data shards are read, the coding shards written
     * @param offset the first byte position to code
     * @param length the number of byte positions to code
     */
    public void encode(final byte[][] shards, final int offset, final int length) {
        checkShards(shards, offset, length);
        if (encoder != null) {
            encoder.apply(Arrays.copyOfRange(shards, 0, coding.dataChunks()),
                Arrays.copyOfRange(shards, coding.dataChunks(), coding.totalChunks()), offset, length);
        }
    }

    /**
     * Computes the coding shards from the data shards, over their whole length.
     *
     * @param shards m + k shards of equal length
     */
    public void encode(final byte[][] shards) {
        encode(shards, 0, shardLength(shards));
    }

    /**
     * Tells whether the coding shards match the data shards.
     *
     * @param shards m + k shards of equal length
     * @return true if every coding shard is what encoding the data shards gives
     */
    public boolean verify(final byte[][] shards) {
        final int length = shardLength(shards);
        checkShards(shards, 0, length);
        final var expected = shards.clone();
        for (int i = coding.dataChunks(); i < coding.totalChunks(); i++) {
            expected[i] = new byte[length];
        }
        encode(expected, 0, length);
        for (int i = coding.dataChunks(); i < coding.totalChunks(); i++) {
            if (!Arrays.equals(expected[i], shards[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Restores every missing shard, data and coding, from any m present ones, over the shards' whole length.
     *
     * @param shards m + k shards; a missing one may be null (it is then allocated) or hold anything
     * @param present which shards hold valid data
     * @throws UnrecoverableStripeException if fewer than m shards are present
     */
    public void reconstruct(final byte[][] shards, final boolean[] present) throws UnrecoverableStripeException {
        restore(shards, present, 0, presentLength(shards, present), true);
    }

    /**
     * Restores every missing shard, data and coding, from any m present ones. Missing shards are written over
     * {@code [offset, offset + length)}, allocated if null; present shards are only read.
     *
     * @param shards m + k shards; a missing one may be null or hold anything
     * @param present which shards hold valid data
     * @param offset the first byte position to restore
     * @param length the number of byte positions to restore
     * @throws UnrecoverableStripeException if fewer than m shards are present
     */
    public void reconstruct(final byte[][] shards, final boolean[] present, final int offset, final int length)
            throws UnrecoverableStripeException {
        restore(shards, present, offset, length, true);
    }

    /**
     * Restores the missing data shards only, from any m present ones: what reading an object needs, without the
     * work of rebuilding coding shards nobody reads. Missing coding shards are left as they are.
     *
     * @param shards m + k shards; a missing data shard may be null or hold anything
     * @param present which shards hold valid data
     * @param offset the first byte position to restore
     * @param length the number of byte positions to restore
     * @throws UnrecoverableStripeException if fewer than m shards are present
     */
    public void reconstructData(final byte[][] shards, final boolean[] present, final int offset, final int length)
            throws UnrecoverableStripeException {
        restore(shards, present, offset, length, false);
    }

    private void restore(final byte[][] shards, final boolean[] present, final int offset, final int length,
            final boolean withCoding) throws UnrecoverableStripeException {
        if (shards.length != coding.totalChunks() || present.length != coding.totalChunks()) {
            throw new IllegalArgumentException("expected " + coding.totalChunks() + " shards, got " + shards.length
                + " shards and " + present.length + " flags");
        }
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("no byte range from " + offset + " of length " + length);
        }
        final int end = offset + length;
        int found = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                found++;
                if (shards[i] == null || shards[i].length < end) {
                    throw new IllegalArgumentException("present shard " + i + " does not cover bytes " + offset
                        + " to " + end);
                }
            } else if ((withCoding || i < coding.dataChunks()) && (shards[i] == null || shards[i].length < end)) {
                shards[i] = new byte[end];
            }
        }
        if (found < coding.dataChunks()) {
            throw new UnrecoverableStripeException(found, coding.dataChunks());
        }
        if (found == coding.totalChunks()) {
            return;
        }
        final var repair = repairFor(new Pattern(present));
        if (repair.dataRows.length > 0) {
            repair.data.apply(select(shards, repair.sources), select(shards, repair.dataRows), offset, length);
        }
        if (withCoding && repair.codingRows.length > 0) {
            repair.coding.apply(Arrays.copyOfRange(shards, 0, coding.dataChunks()),
                select(shards, repair.codingRows), offset, length);
        }
    }

    private static int presentLength(final byte[][] shards, final boolean[] present) {
        for (int i = 0; i < Math.min(shards.length, present.length); i++) {
            if (present[i] && shards[i] != null) {
                return shards[i].length;
            }
        }
        return 0;
    }

    private Repair repairFor(final Pattern pattern) {
        synchronized (repairs) {
            final var cached = repairs.get(pattern);
            if (cached != null) {
                return cached;
            }
        }
        final var repair = plan(pattern);
        synchronized (repairs) {
            repairs.put(pattern, repair);
        }
        return repair;
    }

    /** Plans the repair of one erasure pattern: which m shards to read, what to multiply them by. */
    private Repair plan(final Pattern pattern) {
        final int m = coding.dataChunks();
        final int n = coding.totalChunks();
        // Read the present data shards first: their rows are unit rows, so fewer of them need decoding.
        final var sources = new int[m];
        int chosen = 0;
        for (int i = 0; i < n && chosen < m; i++) {
            if (pattern.isPresent(i)) {
                sources[chosen++] = i;
            }
        }
        final var missingData = Arrays.stream(indexes(0, m)).filter(i -> !pattern.isPresent(i)).toArray();
        final var missingCoding = Arrays.stream(indexes(m, n)).filter(i -> !pattern.isPresent(i)).toArray();
        GfKernel.Multiplication data = null;
        if (missingData.length > 0) {
            final var decode = matrix.select(sources).inverse();
            data = kernel.prepare(rowsOf(decode.select(missingData)));
        }
        final var codingRepair = missingCoding.length == 0 ? null
            : kernel.prepare(rowsOf(matrix.select(missingCoding)));
        return new Repair(sources, missingData, data, missingCoding, codingRepair);
    }

    private static int[] indexes(final int from, final int to) {
        final var result = new int[to - from];
        Arrays.setAll(result, i -> from + i);
        return result;
    }

    private static byte[][] select(final byte[][] shards, final int[] indexes) {
        final var result = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            result[i] = shards[indexes[i]];
        }
        return result;
    }

    private static byte[][] rowsOf(final GfMatrix source) {
        final var rows = new byte[source.rowCount()][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = source.row(r);
        }
        return rows;
    }

    private int shardLength(final byte[][] shards) {
        if (shards.length == 0 || shards[0] == null) {
            throw new IllegalArgumentException("expected " + coding.totalChunks() + " shards");
        }
        return shards[0].length;
    }

    private void checkShards(final byte[][] shards, final int offset, final int length) {
        if (shards.length != coding.totalChunks()) {
            throw new IllegalArgumentException("expected " + coding.totalChunks() + " shards, got " + shards.length);
        }
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] == null || offset < 0 || length < 0 || shards[i].length < offset + length) {
                throw new IllegalArgumentException("shard " + i + " does not cover bytes " + offset + " to "
                    + (offset + length));
            }
        }
    }

    /** Which of up to 256 shards are present. */
    private record Pattern(long word0, long word1, long word2, long word3) {
        Pattern(final boolean[] present) {
            this(word(present, 0), word(present, 1), word(present, 2), word(present, 3));
        }

        private static long word(final boolean[] present, final int index) {
            long word = 0;
            for (int bit = 0; bit < Long.SIZE; bit++) {
                final int shard = index * Long.SIZE + bit;
                if (shard < present.length && present[shard]) {
                    word |= 1L << bit;
                }
            }
            return word;
        }

        boolean isPresent(final int shard) {
            final long word = switch (shard / Long.SIZE) {
                case 0 -> word0;
                case 1 -> word1;
                case 2 -> word2;
                default -> word3;
            };
            return (word >>> (shard % Long.SIZE) & 1) != 0;
        }
    }

    /** The prepared repair of one erasure pattern. */
    private record Repair(int[] sources, int[] dataRows, GfKernel.Multiplication data, int[] codingRows,
            GfKernel.Multiplication coding) {
        // value holder
    }
}
