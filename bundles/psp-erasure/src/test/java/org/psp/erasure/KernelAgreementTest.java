/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import jdk.incubator.vector.ByteVector;
import org.junit.jupiter.api.Test;

class KernelAgreementTest {
    /**
     * Returns the scalar kernel and the vector kernel with the passes of either register file. The vector kernel uses
     * the width it chooses for this CPU; the build runs these tests again for each narrower width the CPU has, set with
     * {@code psp.erasure.vector-bits}.
     */
    static List<GfKernel> kernels() {
        return List.of(ScalarGfKernel.INSTANCE, new VectorGfKernel(16), new VectorGfKernel(32));
    }

    @Test
    void theBestKernelIsTheVectorKernelOfTheExpectedWidth() {
        final var expected = System.getProperty("psp.test.vectorBits");
        final var name = GfKernels.best().name();
        assertTrue(name.startsWith("vector-"), name);
        if (expected != null && ByteVector.SPECIES_MAX.vectorBitSize() >= Integer.parseInt(expected)) {
            assertEquals("vector-" + expected, name);
        }
    }

    @Test
    void theVectorKernelHasPassesForSixteenAndThirtyTwoRegistersOnly() {
        assertThrows(IllegalArgumentException.class, () -> new VectorGfKernel(8));
        assertThrows(IllegalArgumentException.class, () -> new VectorGfKernel(24));
    }

    @Test
    void everyKernelComputesTheSameProducts() {
        final var random = new Random(7);
        final var kernels = kernels();
        for (int round = 0; round < 200; round++) {
            final int outputs = 1 + random.nextInt(random.nextBoolean() ? 9 : 40);
            final int inputs = 1 + random.nextInt(random.nextBoolean() ? 9 : 40);
            final int length = random.nextInt(3) == 0 ? random.nextInt(70) : random.nextInt(5000);
            final int offset = random.nextInt(70);
            final var coefficients = new byte[outputs][inputs];
            for (var row : coefficients) {
                random.nextBytes(row);
            }
            final var data = new byte[inputs][offset + length + random.nextInt(3)];
            for (var buffer : data) {
                random.nextBytes(buffer);
            }
            byte[][] expected = null;
            for (int k = 0; k < kernels.size(); k++) {
                final var kernel = kernels.get(k);
                final var result = new byte[outputs][data[0].length];
                kernel.prepare(coefficients).apply(data, result, offset, length);
                if (expected == null) {
                    expected = result;
                } else {
                    for (int o = 0; o < outputs; o++) {
                        assertArrayEquals(expected[o], result[o],
                            "kernel " + k + ", " + kernel.name() + ", output " + o);
                    }
                }
            }
        }
    }
}
