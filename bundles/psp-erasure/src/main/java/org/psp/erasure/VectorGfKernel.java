/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.lang.System.Logger.Level;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel on the JDK Vector API. A product {@code c * x} splits into {@code c * (x & 0x0F)} XOR
 * {@code c * (x >>> 4) * 16}, so two 16-entry tables per coefficient and two lane-wise table lookups
 * ({@code selectFrom}) multiply a whole vector of bytes. Each pass takes two vectors of every input and accumulates
 * them into four outputs at once: each loaded input is split into nibbles once per four outputs, and each table is
 * loaded once per two vectors.
 *
 * <p>The vector width follows the CPU: the widest it has, except on AVX2, where a table lookup across a 256-bit
 * vector is two 128-bit lookups and a blend across the halves, so that 128-bit vectors, one lookup per instruction,
 * are faster. The system property {@value #WIDTH_PROPERTY} (128, 256 or 512) overrides the choice.
 *
 * <p>This class is loaded only when the {@code jdk.incubator.vector} module is present; see {@link GfKernels}.
 */
final class VectorGfKernel implements GfKernel {
    /** The system property that sets the vector width in bits. */
    static final String WIDTH_PROPERTY = "psp.erasure.vector-bits";

    private static final System.Logger LOG = System.getLogger(VectorGfKernel.class.getName());
    private static final int TABLE = 16;
    private static final int GROUP = 4;
    /**
     * The shape in use. It must be a constant: the JIT compiles vector operations into vector instructions only for a
     * species it knows.
     */
    private static final VectorSpecies<Byte> SPECIES = species(System.getProperty(WIDTH_PROPERTY));
    private static final int STEP = SPECIES.length();

    /**
     * Creates a kernel on the chosen species.
     *
     * @throws IllegalArgumentException if that species has fewer than 16 lanes
     */
    VectorGfKernel() {
        if (STEP < TABLE) {
            throw new IllegalArgumentException("vectors of " + SPECIES.vectorBitSize() + " bits are too short");
        }
    }

    /** The species for a width asked for, if this CPU has it, or else the fastest for this CPU. */
    static VectorSpecies<Byte> species(final String width) {
        final var preferred = ByteVector.SPECIES_PREFERRED;
        if (width != null) {
            try {
                final var asked = VectorSpecies.of(byte.class, VectorShape.forBitSize(Integer.parseInt(width.strip())));
                if (asked.vectorBitSize() <= preferred.vectorBitSize()) {
                    return asked;
                }
            } catch (IllegalArgumentException e) {
                // Named below.
            }
            LOG.log(Level.WARNING, "{0}={1} is not a vector width this CPU has (128 to {2}); using the default",
                WIDTH_PROPERTY, width, preferred.vectorBitSize());
        }
        return preferred.vectorBitSize() == 256 ? ByteVector.SPECIES_128 : preferred;
    }

    @Override
    public Multiplication prepare(final byte[][] coefficients) {
        final int outputCount = coefficients.length;
        final int inputCount = coefficients[0].length;
        // Low and high nibble tables of every coefficient, 16 bytes apart, input by input, so that the tables of the
        // outputs one pass computes lie together; a vector load at a table's offset reads the table into lanes 0-15
        // (and neighbours, which indexes below 16 never select), hence the padding.
        final var tables = new byte[outputCount * inputCount * 2 * TABLE + STEP];
        for (int o = 0; o < outputCount; o++) {
            for (int j = 0; j < inputCount; j++) {
                final var products = GaloisField.productsOf(coefficients[o][j] & 0xFF);
                final int base = tableOffset(outputCount, o, j);
                for (int x = 0; x < TABLE; x++) {
                    tables[base + x] = products[x];
                    tables[base + TABLE + x] = products[x << 4];
                }
            }
        }
        final var scalar = ScalarGfKernel.INSTANCE.prepare(coefficients);
        return (inputs, outputs, offset, length) -> apply(tables, scalar, inputs, outputs, offset, length);
    }

    private static int tableOffset(final int outputCount, final int output, final int input) {
        return (input * outputCount + output) * 2 * TABLE;
    }

    private static void apply(final byte[] tables, final Multiplication scalar, final byte[][] inputs,
            final byte[][] outputs, final int offset, final int length) {
        final int pass = 2 * STEP;
        final int vectorEnd = offset + length / pass * pass;
        for (int i = offset; i < vectorEnd; i += pass) {
            int out = 0;
            for (; out + GROUP <= outputs.length; out += GROUP) {
                multiplyIntoFour(tables, inputs, outputs, out, i);
            }
            for (; out < outputs.length; out++) {
                multiplyIntoOne(tables, inputs, outputs, out, i);
            }
        }
        if (vectorEnd < offset + length) {
            scalar.apply(inputs, outputs, vectorEnd, offset + length - vectorEnd);
        }
    }

    /** Two vectors at {@code position} of outputs {@code out} to {@code out + 3}. */
    private static void multiplyIntoFour(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int out, final int position) {
        final int inputCount = inputs.length;
        var acc00 = ByteVector.zero(SPECIES);
        var acc01 = ByteVector.zero(SPECIES);
        var acc10 = ByteVector.zero(SPECIES);
        var acc11 = ByteVector.zero(SPECIES);
        var acc20 = ByteVector.zero(SPECIES);
        var acc21 = ByteVector.zero(SPECIES);
        var acc30 = ByteVector.zero(SPECIES);
        var acc31 = ByteVector.zero(SPECIES);
        for (int j = 0; j < inputCount; j++) {
            final var data0 = ByteVector.fromArray(SPECIES, inputs[j], position);
            final var data1 = ByteVector.fromArray(SPECIES, inputs[j], position + STEP);
            final var low0 = low(data0);
            final var high0 = high(data0);
            final var low1 = low(data1);
            final var high1 = high(data1);
            int base = tableOffset(outputs.length, out, j);
            var lowTable = ByteVector.fromArray(SPECIES, tables, base);
            var highTable = ByteVector.fromArray(SPECIES, tables, base + TABLE);
            acc00 = acc00.lanewise(VectorOperators.XOR, product(lowTable, highTable, low0, high0));
            acc01 = acc01.lanewise(VectorOperators.XOR, product(lowTable, highTable, low1, high1));
            base += 2 * TABLE;
            lowTable = ByteVector.fromArray(SPECIES, tables, base);
            highTable = ByteVector.fromArray(SPECIES, tables, base + TABLE);
            acc10 = acc10.lanewise(VectorOperators.XOR, product(lowTable, highTable, low0, high0));
            acc11 = acc11.lanewise(VectorOperators.XOR, product(lowTable, highTable, low1, high1));
            base += 2 * TABLE;
            lowTable = ByteVector.fromArray(SPECIES, tables, base);
            highTable = ByteVector.fromArray(SPECIES, tables, base + TABLE);
            acc20 = acc20.lanewise(VectorOperators.XOR, product(lowTable, highTable, low0, high0));
            acc21 = acc21.lanewise(VectorOperators.XOR, product(lowTable, highTable, low1, high1));
            base += 2 * TABLE;
            lowTable = ByteVector.fromArray(SPECIES, tables, base);
            highTable = ByteVector.fromArray(SPECIES, tables, base + TABLE);
            acc30 = acc30.lanewise(VectorOperators.XOR, product(lowTable, highTable, low0, high0));
            acc31 = acc31.lanewise(VectorOperators.XOR, product(lowTable, highTable, low1, high1));
        }
        acc00.intoArray(outputs[out], position);
        acc01.intoArray(outputs[out], position + STEP);
        acc10.intoArray(outputs[out + 1], position);
        acc11.intoArray(outputs[out + 1], position + STEP);
        acc20.intoArray(outputs[out + 2], position);
        acc21.intoArray(outputs[out + 2], position + STEP);
        acc30.intoArray(outputs[out + 3], position);
        acc31.intoArray(outputs[out + 3], position + STEP);
    }

    /** Two vectors at {@code position} of output {@code out}. */
    private static void multiplyIntoOne(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int out, final int position) {
        final int inputCount = inputs.length;
        var acc0 = ByteVector.zero(SPECIES);
        var acc1 = ByteVector.zero(SPECIES);
        for (int j = 0; j < inputCount; j++) {
            final var data0 = ByteVector.fromArray(SPECIES, inputs[j], position);
            final var data1 = ByteVector.fromArray(SPECIES, inputs[j], position + STEP);
            final int base = tableOffset(outputs.length, out, j);
            final var lowTable = ByteVector.fromArray(SPECIES, tables, base);
            final var highTable = ByteVector.fromArray(SPECIES, tables, base + TABLE);
            acc0 = acc0.lanewise(VectorOperators.XOR, product(lowTable, highTable, low(data0), high(data0)));
            acc1 = acc1.lanewise(VectorOperators.XOR, product(lowTable, highTable, low(data1), high(data1)));
        }
        acc0.intoArray(outputs[out], position);
        acc1.intoArray(outputs[out], position + STEP);
    }

    private static ByteVector low(final ByteVector data) {
        return data.and((byte) 0x0F);
    }

    /** The high nibbles, shifted as 32-bit lanes: a byte shift is not one instruction on x86. */
    private static ByteVector high(final ByteVector data) {
        return data.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    private static ByteVector product(final ByteVector lowTable, final ByteVector highTable, final ByteVector low,
            final ByteVector high) {
        return low.selectFrom(lowTable).lanewise(VectorOperators.XOR, high.selectFrom(highTable));
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }
}
