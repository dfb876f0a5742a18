/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.sim.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plots are written without a display, logarithmic axes included, and points a logarithmic axis cannot show are
 * left out rather than failing the chart.
 */
class PlotTest {
    @Test
    void aChartWithEveryKindOfSeriesIsWrittenAsAPng(@TempDir final Path folder) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final var png = folder.resolve("chart.png");
        new Plot("title", "x (unit)", "y (unit)").logRange()
            .measured("measured", new double[] {1, 2, 3}, new double[] {1e-3, 0, 1e-5})
            .predicted("predicted", new double[] {1, 2, 3}, new double[] {1e-3, 1e-4, 1e-5})
            .withIntervals("with intervals", new double[] {1, 2}, new double[] {1e-3, 1e-4}, new double[] {0, 0},
                new double[] {2e-3, 2e-4})
            .claimAtY(1e-4, "a claim")
            .claimAtX(2, "another")
            .write(png);
        final var image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(1000, image.getWidth());
        assertEquals(620, image.getHeight());
    }
}
