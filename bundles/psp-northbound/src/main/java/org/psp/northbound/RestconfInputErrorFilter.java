/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.opendaylight.aaa.filterchain.configuration.CustomFilterAdapterConstants;
import org.opendaylight.yangtools.yang.data.api.YangNetconfErrorAware;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers RESTCONF requests whose body holds a value that its YANG type rejects (out of range, wrong number of
 * fraction digits, ...) or a node that its schema lacks with 400 and an {@code invalid-value} or
 * {@code malformed-message} error naming the value, as RFC 8040 requires.
 *
 * <p>The controller's RESTCONF server already does so for data resources, but lets the same codec errors in the
 * input of an operation escape as an HTTP 500 page. This filter sits in the controller's AAA filter chain
 * ({@link CustomFilterAdapterConstants#FILTERCHAIN_FILTER}) in front of RESTCONF; it touches nothing but failures
 * that arose while the YANG codecs parsed the request body.
 */
@Component(service = Filter.class, property = CustomFilterAdapterConstants.FILTERCHAIN_FILTER + "=true")
public final class RestconfInputErrorFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(RestconfInputErrorFilter.class);
    private static final String CODEC_PACKAGE = "org.opendaylight.yangtools.yang.data.codec.";
    private static final String RESTCONF_NS = "urn:ietf:params:xml:ns:yang:ietf-restconf";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    /**
     * Creates the filter.
     */
    @Activate
    public RestconfInputErrorFilter() {
        LOG.debug("RESTCONF input error filter active");
    }

    @Override
    public void init(final FilterConfig filterConfig) {
        // Nothing to set up
    }

    @Override
    public void doFilter(final ServletRequest request, final ServletResponse response, final FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        // RESTCONF's JAX-RS container answers an unmapped exception with sendError(500) before it rethrows it;
        // hold that back until the exception shows whether it is the client's fault.
        final var deferred = new DeferredErrorResponse(httpResponse);
        try {
            chain.doFilter(request, deferred);
        } catch (ServletException | IllegalArgumentException | IllegalStateException e) {
            final var invalid = invalidInput(e);
            if (invalid == null || httpResponse.isCommitted()) {
                deferred.sendDeferredError();
                throw e;
            }
            final var message = "Invalid request body for " + httpRequest.getRequestURI() + ": " + describe(invalid);
            LOG.debug("Rejected request: {}", message, e);
            writeError(httpRequest, httpResponse,
                invalid instanceof IllegalStateException ? "malformed-message" : "invalid-value", message);
            return;
        }
        deferred.sendDeferredError();
    }

    @Override
    public void destroy() {
        // Nothing to release
    }

    /**
     * Returns the outermost cause of a failure that a YANG data codec raised while parsing input, or null if the
     * failure has another origin.
     */
    static Throwable invalidInput(final Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            if ((cause instanceof IllegalArgumentException || cause instanceof ArithmeticException
                    || cause instanceof IllegalStateException) && raisedWhileParsing(cause)) {
                return cause;
            }
        }
        return null;
    }

    /**
     * Describes a codec failure: the YANG {@code error-message} of the violated restriction, if the model has one,
     * then the codec's own words, which quote the value.
     */
    static String describe(final Throwable invalid) {
        final var detail = String.valueOf(invalid.getMessage()).replaceAll("\\s+", " ").strip();
        if (invalid instanceof YangNetconfErrorAware aware) {
            for (var error : aware.getNetconfErrors()) {
                final var modelled = error.message();
                if (modelled != null && !modelled.isBlank() && !detail.contains(modelled)) {
                    return modelled.replaceAll("\\s+", " ").strip() + " (" + detail + ")";
                }
            }
        }
        return detail;
    }

    private static boolean raisedWhileParsing(final Throwable cause) {
        for (var frame : cause.getStackTrace()) {
            if (frame.getClassName().startsWith(CODEC_PACKAGE)) {
                return true;
            }
        }
        return false;
    }

    private static void writeError(final HttpServletRequest request, final HttpServletResponse response,
            final String errorTag, final String message) throws IOException {
        response.reset();
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        final var accept = request.getHeader("Accept");
        final var contentType = request.getContentType();
        final boolean xml = accept != null ? accept.contains("xml") && !accept.contains("json")
            : contentType != null && contentType.contains("xml");
        final var body = response.getOutputStream();
        if (xml) {
            response.setContentType("application/yang-data+xml");
            try {
                final var writer = XML.createXMLStreamWriter(body, "UTF-8");
                writer.writeStartElement("errors");
                writer.writeDefaultNamespace(RESTCONF_NS);
                writer.writeStartElement("error");
                element(writer, "error-type", "protocol");
                element(writer, "error-tag", errorTag);
                element(writer, "error-message", message);
                writer.writeEndElement();
                writer.writeEndElement();
                writer.close();
            } catch (XMLStreamException e) {
                throw new IOException("cannot write the error document", e);
            }
        } else {
            response.setContentType("application/yang-data+json");
            try (var writer = new JsonWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8))) {
                writer.beginObject().name("errors").beginObject().name("error").beginArray().beginObject()
                    .name("error-type").value("protocol")
                    .name("error-tag").value(errorTag)
                    .name("error-message").value(message)
                    .endObject().endArray().endObject().endObject();
            }
        }
        response.flushBuffer();
    }

    private static void element(final XMLStreamWriter writer, final String name,
            final String text) throws XMLStreamException {
        writer.writeStartElement(name);
        writer.writeCharacters(text);
        writer.writeEndElement();
    }
}
