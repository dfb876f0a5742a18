/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import java.util.List;

/**
 * What a search of the session index found.
 *
 * @param sessions the sessions that held the keyword at the instant asked about, the latest lease first
 * @param hops the rounds of the lookup for the keyword's index nodes
 * @param answered how many index nodes answered
 */
public record SessionSearch(List<SessionLocation> sessions, int hops, int answered) {
    /**
     * Copies the list.
     */
    public SessionSearch {
        sessions = List.copyOf(sessions);
    }
}
