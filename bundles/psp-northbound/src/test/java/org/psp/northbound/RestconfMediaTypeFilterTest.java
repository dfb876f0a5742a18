/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RestconfMediaTypeFilterTest {
    @Test
    void noAcceptOrOnlyWildcardsLeaveTheChoiceToTheServer() {
        assertTrue(RestconfMediaTypeFilter.acceptsAnything(null));
        assertTrue(RestconfMediaTypeFilter.acceptsAnything(""));
        assertTrue(RestconfMediaTypeFilter.acceptsAnything("*/*"));
        assertTrue(RestconfMediaTypeFilter.acceptsAnything("application/*;q=0.9, */*;q=0.1"));
        assertFalse(RestconfMediaTypeFilter.acceptsAnything("application/yang-data+xml"));
        assertFalse(RestconfMediaTypeFilter.acceptsAnything("text/event-stream, */*"));
    }

    @Test
    void theAnswerIsInTheBodysEncodingElseJson() {
        assertEquals(RestconfMediaTypeFilter.XML, RestconfMediaTypeFilter.answerType("application/yang-data+xml"));
        assertEquals(RestconfMediaTypeFilter.XML, RestconfMediaTypeFilter.answerType("application/XML; charset=utf-8"));
        assertEquals(RestconfMediaTypeFilter.JSON, RestconfMediaTypeFilter.answerType("application/yang-data+json"));
        assertEquals(RestconfMediaTypeFilter.JSON, RestconfMediaTypeFilter.answerType(null));
    }

    @Test
    void onlyDataAndOperationResourcesAreConcerned() {
        assertTrue(RestconfMediaTypeFilter.answersYangData("/rests/data/psp:psp"));
        assertTrue(RestconfMediaTypeFilter.answersYangData("/rests/operations/psp:lookup"));
        assertFalse(RestconfMediaTypeFilter.answersYangData("/rests/streams/json/NETCONF"));
        assertFalse(RestconfMediaTypeFilter.answersYangData("/.well-known/host-meta"));
    }
}
