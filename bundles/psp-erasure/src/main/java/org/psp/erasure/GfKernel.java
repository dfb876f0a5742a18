/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

/**
 * Multiplies byte buffers by a matrix over GF(2^8): the one computation behind Reed-Solomon encoding and
 * reconstruction. Implementations differ only in speed; their results are identical.
 */
interface GfKernel {
    /**
     * Prepares the multiplication by a coefficient matrix.
     *
     * @param coefficients {@code coefficients[o][j]} multiplies input j into output o
     * @return the prepared multiplication
     */
    Multiplication prepare(byte[][] coefficients);

    /**
     * Returns a short name for logs and benchmarks.
     *
     * @return the name
     */
    String name();

    /**
     * A multiplication by a fixed coefficient matrix.
     */
    interface Multiplication {
        /**
         * Sets {@code outputs[o][i] = XOR over j of coefficients[o][j] * inputs[j][i]} for every i in
         * {@code [offset, offset + length)}.
         *
         * @param inputs one buffer per column of the matrix
         * @param outputs one buffer per row of the matrix
         * @param offset the first byte position
         * @param length the number of byte positions
         */
        void apply(byte[][] inputs, byte[][] outputs, int offset, int length);
    }
}
