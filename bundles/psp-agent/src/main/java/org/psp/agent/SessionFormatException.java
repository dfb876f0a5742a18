/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.io.Serial;

/**
 * Bytes that were to hold a segment of sessions do not.
 */
public final class SessionFormatException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what is wrong
     * @param cause the failure that showed it, or null
     */
    public SessionFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
