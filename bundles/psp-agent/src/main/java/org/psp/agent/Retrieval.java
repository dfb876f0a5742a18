/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a lookup read from the overlay.
 *
 * @param sessions the sessions read
 * @param report how it went
 * @param segments the manifest's segments read: generation, content hash, coding and holders of each
 */
public record Retrieval(List<Session> sessions, RecoveryReport report, SortedMap<Integer, SegmentVersion> segments) {
    /**
     * Checks and copies the components.
     */
    public Retrieval {
        sessions = List.copyOf(sessions);
        requireNonNull(report);
        segments = Collections.unmodifiableSortedMap(new TreeMap<>(segments));
    }
}
