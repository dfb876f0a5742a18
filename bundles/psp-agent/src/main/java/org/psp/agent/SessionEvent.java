/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A change of an access node's own session data, as DHCP and the operator cause it.
 */
public sealed interface SessionEvent {
    /**
     * Returns the key of the session the event is about.
     *
     * @return the key
     */
    SessionKey key();

    /**
     * A lease was granted: a new session, or a new lease for a known subscriber.
     *
     * @param session the session
     */
    record Granted(Session session) implements SessionEvent {
        public Granted {
            requireNonNull(session);
        }

        @Override
        public SessionKey key() {
            return session.key();
        }
    }

    /**
     * A lease was renewed until a new expiry.
     *
     * @param key the session
     * @param expiry the new lease expiry
     */
    record Renewed(SessionKey key, Instant expiry) implements SessionEvent {
        public Renewed {
            requireNonNull(key);
            requireNonNull(expiry);
        }
    }

    /**
     * The subscriber released its lease (DHCP release).
     *
     * @param key the session
     */
    record Released(SessionKey key) implements SessionEvent {
        public Released {
            requireNonNull(key);
        }
    }

    /**
     * The lease ran out.
     *
     * @param key the session
     */
    record Expired(SessionKey key) implements SessionEvent {
        public Expired {
            requireNonNull(key);
        }
    }

    /**
     * An operator changed a session (VLANs, option 82, addresses).
     *
     * @param session the session as it is now
     */
    record AdministrativeChange(Session session) implements SessionEvent {
        public AdministrativeChange {
            requireNonNull(session);
        }

        @Override
        public SessionKey key() {
            return session.key();
        }
    }
}
