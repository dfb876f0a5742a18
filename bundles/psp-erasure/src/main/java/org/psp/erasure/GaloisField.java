/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

/**
 * Arithmetic in GF(2^8) with the generator polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field of PSP's
 * Reed-Solomon code. Addition is XOR; multiplication uses logarithm tables and, for bulk work, a full product table.
 */
final class GaloisField {
    /** The generator polynomial, including the x^8 term. */
    static final int POLYNOMIAL = 0x11D;
    /** Number of elements. */
    static final int SIZE = 256;

    private static final short[] LOG = new short[SIZE];
    private static final byte[] EXP = new byte[2 * SIZE];
    private static final byte[][] PRODUCTS = new byte[SIZE][SIZE];

    static {
        int value = 1;
        for (int exponent = 0; exponent < SIZE - 1; exponent++) {
            EXP[exponent] = (byte) value;
            EXP[exponent + SIZE - 1] = (byte) value;
            LOG[value] = (short) exponent;
            value <<= 1;
            if (value >= SIZE) {
                value ^= POLYNOMIAL;
            }
        }
        for (int a = 0; a < SIZE; a++) {
            for (int b = 0; b < SIZE; b++) {
                PRODUCTS[a][b] = (byte) slowMultiply(a, b);
            }
        }
    }

    private GaloisField() {
        // static methods only
    }

    /**
     * Multiplies two field elements.
     *
     * @param left an element, 0 to 255
     * @param right an element, 0 to 255
     * @return left * right
     */
    static int multiply(final int left, final int right) {
        return PRODUCTS[left][right] & 0xFF;
    }

    /**
     * Returns the 256 products of one element with every element: row {@code a} of the product table. The caller
     * must not modify it.
     *
     * @param factor an element, 0 to 255
     * @return {@code factor * x} at index x
     */
    static byte[] productsOf(final int factor) {
        return PRODUCTS[factor];
    }

    /**
     * Divides two field elements.
     *
     * @param dividend the dividend
     * @param divisor the divisor, not zero
     * @return dividend / divisor
     * @throws ArithmeticException if the divisor is zero
     */
    static int divide(final int dividend, final int divisor) {
        if (divisor == 0) {
            throw new ArithmeticException("division by zero in GF(2^8)");
        }
        if (dividend == 0) {
            return 0;
        }
        return EXP[LOG[dividend] - LOG[divisor] + SIZE - 1] & 0xFF;
    }

    /**
     * Raises an element to a power; 0^0 is 1.
     *
     * @param base the element
     * @param exponent a non-negative exponent
     * @return base^exponent
     */
    static int power(final int base, final int exponent) {
        if (exponent == 0) {
            return 1;
        }
        if (base == 0) {
            return 0;
        }
        return EXP[LOG[base] * exponent % (SIZE - 1)] & 0xFF;
    }

    /** Carry-less multiplication reduced by the polynomial, used only to build the tables. */
    private static int slowMultiply(final int left, final int right) {
        int product = 0;
        int shifted = left;
        for (int bits = right; bits != 0; bits >>>= 1) {
            if ((bits & 1) != 0) {
                product ^= shifted;
            }
            shifted <<= 1;
            if (shifted >= SIZE) {
                shifted ^= POLYNOMIAL;
            }
        }
        return product;
    }
}
