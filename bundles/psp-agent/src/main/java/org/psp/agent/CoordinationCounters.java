/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

/**
 * What a node's part in keeping data available has done since it started; the counters never decrease.
 *
 * @param heartbeatsSent heartbeats this node sent as a holder
 * @param heartbeatsReceived heartbeats it answered as a coordinator
 * @param refused coordination messages it refused (malformed, or about data it does not coordinate)
 * @param elections times it had to find a new coordinator because the one it knew was silent
 * @param handOvers times it stepped down as coordinator and handed over
 * @param stripesRepaired stripes it repaired as a coordinator
 * @param chunksRepaired chunks it re-created and placed
 * @param repairReads chunks it read to repair
 * @param repairWrites chunks it wrote to repair, placements that failed included
 */
public record CoordinationCounters(long heartbeatsSent, long heartbeatsReceived, long refused, long elections,
        long handOvers, long stripesRepaired, long chunksRepaired, long repairReads, long repairWrites) {
}
