/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.util.function.BiConsumer;

/**
 * Writes an agent's events as one line each, with a level: status changes and recoveries as information, store
 * failures as warnings. The same lines go to an agent process's output and to the log of an OSGi runtime.
 *
 * @param sink takes each line with its level
 */
public record AgentEventLog(BiConsumer<Level, String> sink) implements AgentListener {
    /**
     * Checks the sink.
     */
    public AgentEventLog {
        requireNonNull(sink);
    }

    @Override
    public void statusChanged(final String anId, final AgentStatus status) {
        sink.accept(Level.INFO, anId + " status " + status);
    }

    @Override
    public void recovered(final String anId, final RecoveryReport report) {
        sink.accept(report.unrecoverable().isEmpty() ? Level.INFO : Level.WARNING, anId + " recovery "
            + report.outcome() + ": " + report.sessions() + " sessions in " + report.segments() + " segments in "
            + report.duration().toMillis() + " ms"
            + (report.unrecoverable().isEmpty() ? "" : ", lost " + report.unrecoverable().values()));
    }

    @Override
    public void storeFailed(final String anId, final int segments, final String reason) {
        sink.accept(Level.WARNING, anId + " store failed for " + segments + " segments: " + reason);
    }
}
