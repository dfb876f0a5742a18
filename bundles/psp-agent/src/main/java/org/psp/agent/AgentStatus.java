/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

/**
 * Where an agent is in its life.
 */
public enum AgentStatus {
    /** Joining the overlay through its bootstrap contacts. */
    JOINING,
    /** Reading its own sessions back from the overlay after a start with empty memory. */
    RECOVERING,
    /** Serving: its changes are stored, and it stores chunks for others. */
    UP,
    /** Stopped. */
    STOPPED
}
