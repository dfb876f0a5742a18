/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of an iterative lookup.
 *
 * @param closest the closest live nodes found, closest first, at most K
 * @param value the value found by a FIND_VALUE lookup
 * @param hops the rounds of requests that led to the closest node
 * @param queried how many nodes were asked
 */
public record LookupResult(List<Contact> closest, Optional<byte[]> value, int hops, int queried) {
    /**
     * Copies the list.
     */
    public LookupResult {
        closest = List.copyOf(closest);
    }
}
