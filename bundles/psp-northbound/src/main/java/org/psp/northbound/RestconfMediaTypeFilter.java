/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import org.opendaylight.aaa.filterchain.configuration.CustomFilterAdapterConstants;
import org.osgi.service.component.annotations.Component;

/**
 * Gives RESTCONF data and operation requests that accept any media type (no {@code Accept} header, or only
 * wildcards such as curl's {@code *}{@code /*}) one answer encoding: the request body's, as RFC 8040 section 5.2
 * asks, and JSON when there is no XML body. The controller's server otherwise picks either encoding for such a
 * request, and which one may change from one start to the next: a script or NMS that parses the answer would break
 * at random. Requests that name a media type are left as they are.
 */
@Component(service = Filter.class, property = CustomFilterAdapterConstants.FILTERCHAIN_FILTER + "=true")
public final class RestconfMediaTypeFilter implements Filter {
    static final String JSON = "application/yang-data+json";
    static final String XML = "application/yang-data+xml";

    private static final String ACCEPT = "Accept";

    @Override
    public void init(final FilterConfig filterConfig) {
        // Nothing to set up
    }

    @Override
    public void doFilter(final ServletRequest request, final ServletResponse response, final FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest httpRequest && answersYangData(httpRequest.getRequestURI())
                && acceptsAnything(httpRequest.getHeader(ACCEPT))) {
            chain.doFilter(new Accepting(httpRequest, answerType(httpRequest.getContentType())), response);
        } else {
            chain.doFilter(request, response);
        }
    }

    @Override
    public void destroy() {
        // Nothing to release
    }

    /** Whether a request goes to a data or operation resource, whose answers are YANG data. */
    static boolean answersYangData(final String uri) {
        return uri != null && (uri.startsWith("/rests/data") || uri.startsWith("/rests/operations"));
    }

    /** Whether an {@code Accept} header leaves the encoding to the server. */
    static boolean acceptsAnything(final String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (var range : accept.split(",")) {
            final var type = range.split(";", 2)[0].strip();
            if (!type.equals("*/*") && !type.equals("application/*")) {
                return false;
            }
        }
        return true;
    }

    /** The encoding of the answer: the body's when it is XML, else JSON. */
    static String answerType(final String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("xml") ? XML : JSON;
    }

    /** A request that accepts one media type. */
    private static final class Accepting extends HttpServletRequestWrapper {
        private final String accept;

        Accepting(final HttpServletRequest request, final String accept) {
            super(request);
            this.accept = accept;
        }

        @Override
        public String getHeader(final String name) {
            return ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(final String name) {
            return ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept))
                : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            final var names = new LinkedHashSet<String>(Collections.list(super.getHeaderNames()));
            names.removeIf(ACCEPT::equalsIgnoreCase);
            names.add(ACCEPT);
            return Collections.enumeration(names);
        }
    }
}
