/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

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
     * Keeps a value under a key, replacing any previous one.
     *
     * @param key the key
     * @param value the value
     * @return whether it is kept
     */
    Outcome put(NodeId key, byte[] value);

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
