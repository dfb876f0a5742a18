/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar with the wall time so far, redrawn in place.
 */
public final class ProgressBar {
    private static final int WIDTH = 40;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private int lastPercent = -1;

    /**
     * Creates a bar.
     *
     * @param out where it is drawn, usually standard error
     */
    public ProgressBar(final PrintStream out) {
        this.out = out;
    }

    /**
     * Shows the fraction done, if it moved by a percent.
     *
     * @param fraction 0 to 1
     */
    public void show(final double fraction) {
        final int percent = (int) Math.min(100, fraction * 100);
        if (percent == lastPercent) {
            return;
        }
        lastPercent = percent;
        final int filled = percent * WIDTH / 100;
        out.printf(Locale.ROOT, "\r[%s%s] %3d %%  %.0f s", "#".repeat(filled), ".".repeat(WIDTH - filled),
            percent, (System.nanoTime() - started) / 1e9);
        out.flush();
    }

    /**
     * Ends the bar's line.
     */
    public void done() {
        out.println();
    }
}
