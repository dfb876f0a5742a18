/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

/**
 * The portable kernel: one lookup in a 256-entry product table per byte and coefficient, as table-driven
 * Reed-Solomon codecs do it.
 */
final class ScalarGfKernel implements GfKernel {
    static final ScalarGfKernel INSTANCE = new ScalarGfKernel();

    private ScalarGfKernel() {
        // singleton
    }

    @Override
    public Multiplication prepare(final byte[][] coefficients) {
        final int outputCount = coefficients.length;
        final int inputCount = coefficients[0].length;
        final var products = new byte[outputCount][inputCount][];
        for (int o = 0; o < outputCount; o++) {
            for (int j = 0; j < inputCount; j++) {
                products[o][j] = GaloisField.productsOf(coefficients[o][j] & 0xFF);
            }
        }
        return (inputs, outputs, offset, length) -> apply(products, inputs, outputs, offset, length);
    }

    static void apply(final byte[][][] products, final byte[][] inputs, final byte[][] outputs, final int offset,
            final int length) {
        final int end = offset + length;
        for (int o = 0; o < outputs.length; o++) {
            final var output = outputs[o];
            final var first = products[o][0];
            final var input = inputs[0];
            for (int i = offset; i < end; i++) {
                output[i] = first[input[i] & 0xFF];
            }
            for (int j = 1; j < inputs.length; j++) {
                final var table = products[o][j];
                final var next = inputs[j];
                for (int i = offset; i < end; i++) {
                    output[i] ^= table[next[i] & 0xFF];
                }
            }
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
