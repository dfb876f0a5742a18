/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.DataUnrecoverableBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.NodeStatus;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.NodeStatusChangedBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.RecoveredBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.RecoveryOutcome;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.StoreFailedBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.recovery.report.UnrecoverableSegment;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.recovery.report.UnrecoverableSegmentBuilder;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.psp.agent.AgentListener;
import org.psp.agent.AgentStatus;
import org.psp.agent.RecoveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what happens to the hosted and watched access nodes as the notifications of psp.yang, for NETCONF
 * subscribers and RESTCONF event streams.
 */
final class Notifications implements AgentListener {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private final NotificationPublishService publisher;

    Notifications(final NotificationPublishService publisher) {
        this.publisher = publisher;
    }

    @Override
    public void statusChanged(final String anId, final AgentStatus status) {
        statusChanged(anId, status(status));
    }

    /**
     * Publishes a status change, also one only a controller sees, such as a watched node becoming unreachable.
     *
     * @param anId the access node
     * @param status its new status
     */
    void statusChanged(final String anId, final NodeStatus status) {
        offer(new NodeStatusChangedBuilder().setAnId(new AnId(anId)).setStatus(status).build());
    }

    @Override
    public void recovered(final String anId, final RecoveryReport report) {
        final var yang = report(report);
        offer(new RecoveredBuilder(yang).setAnId(new AnId(anId)).build());
        if (report.outcome() == RecoveryReport.Outcome.PARTIAL) {
            offer(new DataUnrecoverableBuilder(yang).setAnId(new AnId(anId)).build());
        }
    }

    @Override
    public void storeFailed(final String anId, final int segments, final String reason) {
        offer(new StoreFailedBuilder().setAnId(new AnId(anId)).setSegments(Uint32.valueOf(segments))
            .setReason(reason).build());
    }

    private void offer(final org.opendaylight.yangtools.binding.Notification<?> notification) {
        // Never blocks the agent: a notification that finds no room is dropped and logged.
        if (publisher.offerNotification(notification) == NotificationPublishService.REJECTED) {
            LOG.warn("PSP notification dropped for want of room: {}", notification);
        }
    }

    static NodeStatus status(final AgentStatus status) {
        return switch (status) {
            case JOINING -> NodeStatus.Joining;
            case RECOVERING -> NodeStatus.Recovering;
            case UP -> NodeStatus.Up;
            case STOPPED -> NodeStatus.Stopped;
        };
    }

    static RecoveryOutcome outcome(final RecoveryReport.Outcome outcome) {
        return switch (outcome) {
            case COMPLETE -> RecoveryOutcome.Complete;
            case PARTIAL -> RecoveryOutcome.Partial;
            case NOTHING_STORED -> RecoveryOutcome.NothingStored;
            case MANIFEST_UNREADABLE -> RecoveryOutcome.ManifestUnreadable;
        };
    }

    /**
     * Returns a report as the {@code recovery-report} grouping.
     *
     * @param report the report
     * @return the same as YANG data
     */
    static org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261202.RecoveryReport report(final RecoveryReport report) {
        return new RecoveredBuilder()
            .setOutcome(outcome(report.outcome()))
            .setSessionCount(Uint32.valueOf(report.sessions()))
            .setSegments(Uint32.valueOf(report.segments()))
            .setDurationMs(Uint64.valueOf(report.duration().toMillis()))
            .setUnrecoverableSegment(BindingMap.of(report.unrecoverable().entrySet().stream()
                .<UnrecoverableSegment>map(entry -> new UnrecoverableSegmentBuilder().setSegment(entry.getKey())
                    .setReason(entry.getValue()).build()).toList()))
            .build();
    }
}
