/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.io.Serial;

/**
 * Data could not be decoded: its chunks are malformed, too few, or inconsistent.
 */
public class ErasureException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what went wrong, for an operator
     */
    public ErasureException(final String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what went wrong, for an operator
     * @param cause the failure behind it
     */
    public ErasureException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
