/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import java.io.Serial;

/**
 * What a psp: command tells the operator when it cannot do what was asked; Karaf's console prints the message.
 */
final class CommandFailure extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    CommandFailure(final String message) {
        super(message, null, false, false);
    }

    CommandFailure(final String message, final Throwable cause) {
        super(message, cause, false, false);
    }
}
