/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.util.Arrays;

/**
 * A small matrix over GF(2^8), as the Reed-Solomon code needs it: Vandermonde construction, products, sub-matrices
 * and inversion.
 */
final class GfMatrix {
    private final byte[][] rows;

    private GfMatrix(final byte[][] rows) {
        this.rows = rows;
    }

    static GfMatrix zero(final int rowCount, final int columnCount) {
        return new GfMatrix(new byte[rowCount][columnCount]);
    }

    static GfMatrix identity(final int size) {
        final var result = zero(size, size);
        for (int i = 0; i < size; i++) {
            result.rows[i][i] = 1;
        }
        return result;
    }

    /**
     * Returns the Vandermonde matrix whose row r, column c holds r^c (0^0 = 1).
     */
    static GfMatrix vandermonde(final int rowCount, final int columnCount) {
        final var result = zero(rowCount, columnCount);
        for (int r = 0; r < rowCount; r++) {
            for (int c = 0; c < columnCount; c++) {
                result.rows[r][c] = (byte) GaloisField.power(r, c);
            }
        }
        return result;
    }

    int rowCount() {
        return rows.length;
    }

    int columnCount() {
        return rows[0].length;
    }

    int get(final int row, final int column) {
        return rows[row][column] & 0xFF;
    }

    /**
     * Returns a copy of one row.
     */
    byte[] row(final int row) {
        return rows[row].clone();
    }

    GfMatrix times(final GfMatrix right) {
        final var result = zero(rowCount(), right.columnCount());
        for (int r = 0; r < rowCount(); r++) {
            for (int c = 0; c < right.columnCount(); c++) {
                int sum = 0;
                for (int i = 0; i < columnCount(); i++) {
                    sum ^= GaloisField.multiply(get(r, i), right.get(i, c));
                }
                result.rows[r][c] = (byte) sum;
            }
        }
        return result;
    }

    /**
     * Returns the rows {@code from} (inclusive) to {@code to} (exclusive).
     */
    GfMatrix rows(final int from, final int to) {
        final var result = new byte[to - from][];
        for (int r = from; r < to; r++) {
            result[r - from] = rows[r].clone();
        }
        return new GfMatrix(result);
    }

    /**
     * Returns the matrix made of the given rows, in that order.
     */
    GfMatrix select(final int[] rowIndexes) {
        final var result = new byte[rowIndexes.length][];
        for (int i = 0; i < rowIndexes.length; i++) {
            result[i] = rows[rowIndexes[i]].clone();
        }
        return new GfMatrix(result);
    }

    /**
     * Inverts this square matrix by Gauss-Jordan elimination.
     *
     * @throws ArithmeticException if the matrix is singular
     */
    GfMatrix inverse() {
        final int size = rowCount();
        final var work = new byte[size][2 * size];
        for (int r = 0; r < size; r++) {
            System.arraycopy(rows[r], 0, work[r], 0, size);
            work[r][size + r] = 1;
        }
        for (int column = 0; column < size; column++) {
            int pivot = column;
            while (pivot < size && work[pivot][column] == 0) {
                pivot++;
            }
            if (pivot == size) {
                throw new ArithmeticException("singular matrix");
            }
            final var swap = work[pivot];
            work[pivot] = work[column];
            work[column] = swap;
            final int scale = GaloisField.divide(1, work[column][column] & 0xFF);
            final var pivotRow = work[column];
            for (int c = 0; c < 2 * size; c++) {
                pivotRow[c] = (byte) GaloisField.multiply(scale, pivotRow[c] & 0xFF);
            }
            for (int r = 0; r < size; r++) {
                final int factor = work[r][column] & 0xFF;
                if (r != column && factor != 0) {
                    final var target = work[r];
                    for (int c = 0; c < 2 * size; c++) {
                        target[c] ^= (byte) GaloisField.multiply(factor, pivotRow[c] & 0xFF);
                    }
                }
            }
        }
        final var result = new byte[size][];
        for (int r = 0; r < size; r++) {
            result[r] = Arrays.copyOfRange(work[r], size, 2 * size);
        }
        return new GfMatrix(result);
    }
}
