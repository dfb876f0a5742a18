/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a node keeps the values others store on it. The RAM chunk store implements it; STORE may be refused.
 */
public interface ValueStore {
    /**
     * The answer to a store request.
     *
     * @param accepted true if the value is kept
     * @param reason why it was refused, empty if accepted
     */
    record Outcome(boolean accepted, String reason) {
        /** The value is kept. */
        public static final Outcome ACCEPTED = new Outcome(true, "");

        /**
         * Returns a refusal.
         *
         * @param reason why
         * @return the outcome
         */
        public static Outcome refused(final String reason) {
            return new Outcome(false, reason);
        }
    }

    /**
     * Keeps a value under a key for the store's default storing time, replacing any previous one.
     *
     * @param key the key
     * @param value the value
     * @return whether it is kept
     */
    default Outcome put(final NodeId key, final byte[] value) {
        return put(key, value, Duration.ZERO);
    }

    /**
     * Keeps a value under a key for a storing time, replacing any previous one.
     *
     * @param key the key
     * @param value the value
     * @param storingTime how long to keep it unless extended; zero for the store's default
     * @return whether it is kept
     */
    Outcome put(NodeId key, byte[] value, Duration storingTime);

    /**
     * Sets room aside for a value about to be stored under a key, for a while; storing under the key uses it, and
     * room never used is free again when the hold ends. A store without a bound has room for anything.
     *
     * @param key the key
     * @param bytes the value's length
     * @param hold how long to hold the room
     * @return whether the room is held, and why not
     */
    default Outcome reserve(final NodeId key, final int bytes, final Duration hold) {
        return Outcome.ACCEPTED;
    }

    /**
     * Keeps a held value at least this long from now.
     *
     * @param key the key
     * @param storingTime the storing time from now
     * @return true if the value is held
     */
    boolean extend(NodeId key, Duration storingTime);

    /**
     * Makes a deleted value visible again, if the store still has it.
     *
     * @param key the key
     * @return true if it is visible again
     */
    boolean undelete(NodeId key);

    /**
     * Returns the value under a key.
     *
     * @param key the key
     * @return the value, if held
     */
    Optional<byte[]> get(NodeId key);

    /**
     * Deletes the value under a key.
     *
     * @param key the key
     * @return true if a value was held
     */
    boolean delete(NodeId key);
}
