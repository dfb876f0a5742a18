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
 * ({@code selectFrom}) multiply a whole vector of bytes. A pass keeps several outputs in vector registers while it
 * reads every input once, so that each loaded input is split into nibbles once per pass; how many outputs depends
 * on the CPU's vector registers. With 32 (AVX-512, AArch64) a pass takes two vectors of every input into four
 * outputs, so that each table is loaded once per two vectors; with 16 (x86 without AVX-512) a pass takes one vector
 * into eight outputs, as many as fit beside the nibbles and tables without spilling to the stack.
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
    /**
     * The shape in use. It must be a constant: the JIT compiles vector operations into vector instructions only for a
     * species it knows.
     */
    private static final VectorSpecies<Byte> SPECIES = species(System.getProperty(WIDTH_PROPERTY));
    private static final int STEP = SPECIES.length();

    private final int vectorRegisters;

    /**
     * Creates a kernel on the chosen species, with passes for the vector registers of this CPU.
     *
     * @throws IllegalArgumentException if that species has fewer than 16 lanes
     */
    VectorGfKernel() {
        this(vectorRegisters());
    }

    /**
     * Creates a kernel on the chosen species, with passes for a CPU with the given number of vector registers.
     *
     * @param vectorRegisters 16 or 32
     * @throws IllegalArgumentException if that species has fewer than 16 lanes, or for another register count
     */
    VectorGfKernel(final int vectorRegisters) {
        if (STEP < TABLE) {
            throw new IllegalArgumentException("vectors of " + SPECIES.vectorBitSize() + " bits are too short");
        }
        if (vectorRegisters != 16 && vectorRegisters != 32) {
            throw new IllegalArgumentException("no passes for " + vectorRegisters + " vector registers");
        }
        this.vectorRegisters = vectorRegisters;
    }

    /** The vector registers of this CPU: 16 on x86 without AVX-512 (no 512-bit vectors), else 32. */
    private static int vectorRegisters() {
        final var arch = System.getProperty("os.arch");
        final boolean x86 = "amd64".equals(arch) || "x86_64".equals(arch);
        return x86 && ByteVector.SPECIES_PREFERRED.vectorBitSize() < 512 ? 16 : 32;
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
        if (vectorRegisters == 16) {
            return (inputs, outputs, offset, length) -> {
                final int vectorEnd = offset + length / STEP * STEP;
                applyInEights(tables, inputs, outputs, offset, vectorEnd);
                scalar.apply(inputs, outputs, vectorEnd, offset + length - vectorEnd);
            };
        }
        return (inputs, outputs, offset, length) -> {
            final int vectorEnd = offset + length / (2 * STEP) * (2 * STEP);
            applyInFours(tables, inputs, outputs, offset, vectorEnd);
            scalar.apply(inputs, outputs, vectorEnd, offset + length - vectorEnd);
        };
    }

    private static int tableOffset(final int outputCount, final int output, final int input) {
        return (input * outputCount + output) * 2 * TABLE;
    }

    /** Passes of one vector into eight outputs, then four, then one, over {@code [offset, end)}. */
    private static void applyInEights(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int offset, final int end) {
        int out = 0;
        for (; out + 8 <= outputs.length; out += 8) {
            for (int i = offset; i < end; i += STEP) {
                multiplyIntoEight(tables, inputs, outputs, out, i);
            }
        }
        for (; out + 4 <= outputs.length; out += 4) {
            for (int i = offset; i < end; i += STEP) {
                multiplyIntoFour(tables, inputs, outputs, out, i);
            }
        }
        for (; out < outputs.length; out++) {
            for (int i = offset; i < end; i += STEP) {
                multiplyIntoOne(tables, inputs, outputs, out, i);
            }
        }
    }

    /** Passes of two vectors into four outputs, then one, over {@code [offset, end)}. */
    private static void applyInFours(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int offset, final int end) {
        for (int i = offset; i < end; i += 2 * STEP) {
            int out = 0;
            for (; out + 4 <= outputs.length; out += 4) {
                multiplyTwoIntoFour(tables, inputs, outputs, out, i);
            }
            for (; out < outputs.length; out++) {
                multiplyIntoOne(tables, inputs, outputs, out, i);
                multiplyIntoOne(tables, inputs, outputs, out, i + STEP);
            }
        }
    }

    /** One vector at {@code position} of outputs {@code out} to {@code out + 7}. */
    private static void multiplyIntoEight(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int out, final int position) {
        final int inputCount = inputs.length;
        var acc0 = ByteVector.zero(SPECIES);
        var acc1 = ByteVector.zero(SPECIES);
        var acc2 = ByteVector.zero(SPECIES);
        var acc3 = ByteVector.zero(SPECIES);
        var acc4 = ByteVector.zero(SPECIES);
        var acc5 = ByteVector.zero(SPECIES);
        var acc6 = ByteVector.zero(SPECIES);
        var acc7 = ByteVector.zero(SPECIES);
        for (int j = 0; j < inputCount; j++) {
            final var data = ByteVector.fromArray(SPECIES, inputs[j], position);
            final var low = low(data);
            final var high = high(data);
            final int base = tableOffset(outputs.length, out, j);
            acc0 = acc0.lanewise(VectorOperators.XOR, product(tables, base, low, high));
            acc1 = acc1.lanewise(VectorOperators.XOR, product(tables, base + 2 * TABLE, low, high));
            acc2 = acc2.lanewise(VectorOperators.XOR, product(tables, base + 4 * TABLE, low, high));
            acc3 = acc3.lanewise(VectorOperators.XOR, product(tables, base + 6 * TABLE, low, high));
            acc4 = acc4.lanewise(VectorOperators.XOR, product(tables, base + 8 * TABLE, low, high));
            acc5 = acc5.lanewise(VectorOperators.XOR, product(tables, base + 10 * TABLE, low, high));
            acc6 = acc6.lanewise(VectorOperators.XOR, product(tables, base + 12 * TABLE, low, high));
            acc7 = acc7.lanewise(VectorOperators.XOR, product(tables, base + 14 * TABLE, low, high));
        }
        acc0.intoArray(outputs[out], position);
        acc1.intoArray(outputs[out + 1], position);
        acc2.intoArray(outputs[out + 2], position);
        acc3.intoArray(outputs[out + 3], position);
        acc4.intoArray(outputs[out + 4], position);
        acc5.intoArray(outputs[out + 5], position);
        acc6.intoArray(outputs[out + 6], position);
        acc7.intoArray(outputs[out + 7], position);
    }

    /** One vector at {@code position} of outputs {@code out} to {@code out + 3}. */
    private static void multiplyIntoFour(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int out, final int position) {
        final int inputCount = inputs.length;
        var acc0 = ByteVector.zero(SPECIES);
        var acc1 = ByteVector.zero(SPECIES);
        var acc2 = ByteVector.zero(SPECIES);
        var acc3 = ByteVector.zero(SPECIES);
        for (int j = 0; j < inputCount; j++) {
            final var data = ByteVector.fromArray(SPECIES, inputs[j], position);
            final var low = low(data);
            final var high = high(data);
            final int base = tableOffset(outputs.length, out, j);
            acc0 = acc0.lanewise(VectorOperators.XOR, product(tables, base, low, high));
            acc1 = acc1.lanewise(VectorOperators.XOR, product(tables, base + 2 * TABLE, low, high));
            acc2 = acc2.lanewise(VectorOperators.XOR, product(tables, base + 4 * TABLE, low, high));
            acc3 = acc3.lanewise(VectorOperators.XOR, product(tables, base + 6 * TABLE, low, high));
        }
        acc0.intoArray(outputs[out], position);
        acc1.intoArray(outputs[out + 1], position);
        acc2.intoArray(outputs[out + 2], position);
        acc3.intoArray(outputs[out + 3], position);
    }

    /** One vector at {@code position} of output {@code out}. */
    private static void multiplyIntoOne(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
            final int out, final int position) {
        final int inputCount = inputs.length;
        var acc = ByteVector.zero(SPECIES);
        for (int j = 0; j < inputCount; j++) {
            final var data = ByteVector.fromArray(SPECIES, inputs[j], position);
            acc = acc.lanewise(VectorOperators.XOR,
                product(tables, tableOffset(outputs.length, out, j), low(data), high(data)));
        }
        acc.intoArray(outputs[out], position);
    }

    /** Two vectors at {@code position} of outputs {@code out} to {@code out + 3}. */
    private static void multiplyTwoIntoFour(final byte[] tables, final byte[][] inputs, final byte[][] outputs,
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

    private static ByteVector low(final ByteVector data) {
        return data.and((byte) 0x0F);
    }

    /** The high nibbles, shifted as 32-bit lanes: a byte shift is not one instruction on x86. */
    private static ByteVector high(final ByteVector data) {
        return data.reinterpretAsInts().lanewise(VectorOperators.LSHR, 4).reinterpretAsBytes().and((byte) 0x0F);
    }

    /** The product of the coefficient whose tables start at {@code base}. */
    private static ByteVector product(final byte[] tables, final int base, final ByteVector low,
            final ByteVector high) {
        return product(ByteVector.fromArray(SPECIES, tables, base), ByteVector.fromArray(SPECIES, tables, base + TABLE),
            low, high);
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
