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
 * Fewer than m valid chunks of a stripe were found, so it cannot be restored.
 */
public final class UnrecoverableStripeException extends ErasureException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int found;
    private final int needed;

    /**
     * Creates an exception.
     *
     * @param found how many valid chunks were found
     * @param needed how many are needed (m)
     */
    public UnrecoverableStripeException(final int found, final int needed) {
        super("unrecoverable: found " + found + " of " + needed + " needed");
        this.found = found;
        this.needed = needed;
    }

    /**
     * Returns how many valid chunks were found.
     *
     * @return the count
     */
    public int found() {
        return found;
    }

    /**
     * Returns how many chunks a restore needs.
     *
     * @return m
     */
    public int needed() {
        return needed;
    }
}
