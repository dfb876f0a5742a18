/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import java.io.IOException;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response that holds back {@link #sendError(int, String)} until {@link #sendDeferredError()}, so that a filter
 * can still answer differently once it knows why the error was sent.
 */
final class DeferredErrorResponse extends HttpServletResponseWrapper {
    private int status;
    private String message;

    DeferredErrorResponse(final HttpServletResponse response) {
        super(response);
    }

    @Override
    public void sendError(final int sc, final String msg) {
        status = sc;
        message = msg;
    }

    @Override
    public void sendError(final int sc) {
        sendError(sc, null);
    }

    @Override
    public boolean isCommitted() {
        return status != 0 || super.isCommitted();
    }

    /**
     * Sends the error held back, if any, to the wrapped response.
     *
     * @throws IOException if the wrapped response fails to send it
     */
    void sendDeferredError() throws IOException {
        if (status != 0) {
            final var response = (HttpServletResponse) getResponse();
            if (message != null) {
                response.sendError(status, message);
            } else {
                response.sendError(status);
            }
            status = 0;
        }
    }
}
