/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.lang.System.Logger.Level;

/**
 * Chooses the fastest {@link GfKernel} this JVM offers: the Vector API kernel when the
 * {@code jdk.incubator.vector} module is present (start the JVM with {@code --add-modules jdk.incubator.vector};
 * in OSGi the framework must also export the package), the scalar kernel otherwise.
 */
final class GfKernels {
    private static final System.Logger LOG = System.getLogger(GfKernels.class.getName());
    private static final GfKernel BEST = choose();

    private GfKernels() {
        // static methods only
    }

    /**
     * Returns the fastest available kernel.
     *
     * @return the kernel
     */
    static GfKernel best() {
        return BEST;
    }

    private static GfKernel choose() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.log(Level.INFO, "PSP Reed-Solomon uses the scalar kernel: start the JVM with "
                + "--add-modules jdk.incubator.vector for the vector kernel");
            return ScalarGfKernel.INSTANCE;
        }
        try {
            final var kernel = (GfKernel) Class.forName("org.psp.erasure.VectorGfKernel").getDeclaredConstructor()
                .newInstance();
            LOG.log(Level.INFO, "PSP Reed-Solomon uses the {0} kernel", kernel.name());
            return kernel;
        } catch (ReflectiveOperationException | LinkageError | IllegalArgumentException e) {
            LOG.log(Level.INFO, "PSP Reed-Solomon uses the scalar kernel: the vector kernel is unavailable here ({0})",
                e.toString());
            return ScalarGfKernel.INSTANCE;
        }
    }
}
