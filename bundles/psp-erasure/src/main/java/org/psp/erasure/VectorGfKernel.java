/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel on the JDK Vector API. A product {@code c * x} splits into {@code c * (x & 0x0F)} XOR
 * {@code c * (x & 0xF0)}, so two 16-entry tables per coefficient and two lane-wise table lookups
 * ({@code selectFrom}) multiply a whole vector of bytes. Four outputs are accumulated per loaded input vector, so that
 * each input block is read once per four outputs while it is still in the first-level cache.
 *
 * <p>This class is loaded only when the {@code jdk.incubator.vector} module is present; see {@link GfKernels}.
 */
final class VectorGfKernel implements GfKernel {
    private static final int TABLE = 16;
    private static final int GROUP = 4;
    /**
     * The widest shape this CPU supports (bounded by {@code -XX:MaxVectorSize}). It must be a constant: the JIT
     * compiles vector operations into vector instructions only for a species it knows.
     */
    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED;

    /**
     * Creates a kernel on the widest species this CPU supports.
     *
     * @throws IllegalArgumentException if that species has fewer than 16 lanes
     */
    VectorGfKernel() {
        if (SPECIES.length() < TABLE) {
            throw new IllegalArgumentException("vectors of " + SPECIES.vectorBitSize() + " bits are too short");
        }
    }

    @Override
    public Multiplication prepare(final byte[][] coefficients) {
        final int outputCount = coefficients.length;
        final int inputCount = coefficients[0].length;
        // Low and high nibble tables of every coefficient, 16 bytes apart; a vector load at a table's offset reads
        // the table into lanes 0-15 (and neighbours, which indexes below 16 never select), hence the padding.
        final var tables = new byte[outputCount * inputCount * 2 * TABLE + SPECIES.length()];
        for (int o = 0; o < outputCount; o++) {
            for (int j = 0; j < inputCount; j++) {
                final var products = GaloisField.productsOf(coefficients[o][j] & 0xFF);
                final int base = tableOffset(inputCount, o, j);
                for (int x = 0; x < TABLE; x++) {
                    tables[base + x] = products[x];
                    tables[base + TABLE + x] = products[x << 4];
                }
            }
        }
        final var scalar = ScalarGfKernel.INSTANCE.prepare(coefficients);
        return (inputs, outputs, offset, length) -> apply(tables, scalar, inputs, outputs, offset, length);
    }

    private static int tableOffset(final int inputCount, final int output, final int input) {
        return (output * inputCount + input) * 2 * TABLE;
    }

    private void apply(final byte[] tables, final Multiplication scalar, final byte[][] inputs,
            final byte[][] outputs, final int offset, final int length) {
        final int step = SPECIES.length();
        final int vectorEnd = offset + length / step * step;
        final int inputCount = inputs.length;
        for (int i = offset; i < vectorEnd; i += step) {
            int out = 0;
            for (; out + GROUP <= outputs.length; out += GROUP) {
                var acc0 = ByteVector.zero(SPECIES);
                var acc1 = ByteVector.zero(SPECIES);
                var acc2 = ByteVector.zero(SPECIES);
                var acc3 = ByteVector.zero(SPECIES);
                for (int j = 0; j < inputCount; j++) {
                    final var data = ByteVector.fromArray(SPECIES, inputs[j], i);
                    final var low = data.and((byte) 0x0F);
                    final var high = data.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F);
                    acc0 = acc0.lanewise(VectorOperators.XOR, product(tables, inputCount, out, j, low, high));
                    acc1 = acc1.lanewise(VectorOperators.XOR, product(tables, inputCount, out + 1, j, low, high));
                    acc2 = acc2.lanewise(VectorOperators.XOR, product(tables, inputCount, out + 2, j, low, high));
                    acc3 = acc3.lanewise(VectorOperators.XOR, product(tables, inputCount, out + 3, j, low, high));
                }
                acc0.intoArray(outputs[out], i);
                acc1.intoArray(outputs[out + 1], i);
                acc2.intoArray(outputs[out + 2], i);
                acc3.intoArray(outputs[out + 3], i);
            }
            for (; out < outputs.length; out++) {
                var acc = ByteVector.zero(SPECIES);
                for (int j = 0; j < inputCount; j++) {
                    final var data = ByteVector.fromArray(SPECIES, inputs[j], i);
                    final var low = data.and((byte) 0x0F);
                    final var high = data.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0F);
                    acc = acc.lanewise(VectorOperators.XOR, product(tables, inputCount, out, j, low, high));
                }
                acc.intoArray(outputs[out], i);
            }
        }
        if (vectorEnd < offset + length) {
            scalar.apply(inputs, outputs, vectorEnd, offset + length - vectorEnd);
        }
    }

    private ByteVector product(final byte[] tables, final int inputCount, final int output, final int input,
            final ByteVector low, final ByteVector high) {
        final int base = tableOffset(inputCount, output, input);
        final var lowProducts = low.selectFrom(ByteVector.fromArray(SPECIES, tables, base));
        final var highProducts = high.selectFrom(ByteVector.fromArray(SPECIES, tables, base + TABLE));
        return lowProducts.lanewise(VectorOperators.XOR, highProducts);
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
