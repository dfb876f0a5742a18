/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import javax.servlet.ServletException;
import org.junit.jupiter.api.Test;

class RestconfInputErrorFilterTest {
    @Test
    void recognisesCodecFailuresWrappedInServletExceptions() {
        final var codecFailure = failureAt(new IllegalArgumentException("Value '150' is not in required ranges"),
            "org.opendaylight.yangtools.yang.data.codec.gson.JsonParserStream");
        final var wrapped = new ServletException(new ServletException(codecFailure));
        assertSame(codecFailure, RestconfInputErrorFilter.invalidInput(wrapped));
        final var unknownNode = failureAt(new IllegalStateException("Schema node with name bogus was not found"),
            "org.opendaylight.yangtools.yang.data.codec.xml.XmlParserStream");
        assertSame(unknownNode, RestconfInputErrorFilter.invalidInput(new ServletException(unknownNode)));
    }

    @Test
    void leavesOtherFailuresAlone() {
        final var serverBug = failureAt(new IllegalArgumentException("bug"), "org.psp.northbound.Something");
        assertNull(RestconfInputErrorFilter.invalidInput(new ServletException(serverBug)));
        final var notInput = failureAt(new UnsupportedOperationException("not input"),
            "org.opendaylight.yangtools.yang.data.codec.xml.XmlParserStream");
        assertNull(RestconfInputErrorFilter.invalidInput(new ServletException(notInput)));
    }

    private static <T extends Throwable> T failureAt(final T failure, final String className) {
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(className, "parse", className + ".java", 1)
        });
        return failure;
    }
}
