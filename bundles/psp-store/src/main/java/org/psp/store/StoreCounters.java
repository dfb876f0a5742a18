/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.store;

/**
 * A snapshot of a {@link ChunkStore}'s counters.
 *
 * @param chunks chunks held, visible or awaiting purge
 * @param bytes their payload bytes
 * @param refusedStores stores refused for lack of room
 * @param expirations chunks removed because their storing time ran out
 * @param purges deleted chunks removed after their grace period
 */
public record StoreCounters(long chunks, long bytes, long refusedStores, long expirations, long purges) {
}
