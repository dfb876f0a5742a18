/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.List;

/**
 * What a search of the overlay's index found under one key.
 *
 * @param records the records valid at the instant asked about, newest version of each, the latest beginning first
 * @param hops the rounds of the lookup that found the key's closest nodes
 * @param asked how many of those nodes were asked for their records
 * @param answered how many answered
 */
public record IndexAnswer(List<IndexRecord> records, int hops, int asked, int answered) {
    /**
     * Copies the list.
     */
    public IndexAnswer {
        records = List.copyOf(records);
    }
}
