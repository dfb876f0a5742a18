/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import org.opendaylight.mdsal.binding.api.NotificationPublishService;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataAtRiskBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataUnrecoverableBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatus;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatusChangedBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RecoveredBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RecoveryOutcome;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RepairDoneBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.StoreFailedBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.recovery.report.UnrecoverableSegment;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.recovery.report.UnrecoverableSegmentBuilder;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.psp.agent.AgentListener;
import org.psp.agent.AgentStatus;
import org.psp.agent.CoordinationStatus;
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

    @Override
    public void repaired(final String coordinator, final String owner, final int segment, final int chunks) {
        offer(new RepairDoneBuilder().setAnId(new AnId(coordinator)).setOwner(new AnId(owner))
            .setSegment(Uint32.valueOf(segment)).setChunks(Uint32.valueOf(chunks)).build());
    }

    @Override
    public void dataAtRisk(final String coordinator, final String owner, final int segment, final int live,
            final int needed) {
        offer(new DataAtRiskBuilder().setAnId(new AnId(coordinator)).setOwner(new AnId(owner))
            .setSegment(Uint32.valueOf(segment)).setLiveChunks(Uint16.valueOf(live))
            .setNeededChunks(Uint16.valueOf(needed)).build());
    }

    /**
     * Publishes what a watched node's coordination did between two states it pushed: the chunks it repaired (how
     * many only: a pushed state does not say which), and the stripes newly at m live chunks.
     *
     * @param anId the node
     * @param before the state heard before
     * @param now the state heard now
     */
    void coordinationChanged(final String anId, final CoordinationStatus before, final CoordinationStatus now) {
        final long repairedChunks = now.counters().chunksRepaired() - before.counters().chunksRepaired();
        if (repairedChunks > 0) {
            offer(new RepairDoneBuilder().setAnId(new AnId(anId))
                .setChunks(Uint32.valueOf(Math.min(repairedChunks, Integer.MAX_VALUE))).build());
        }
        final var atRiskBefore = before.lowestMargins().stream().filter(margin -> margin.margin() == 0)
            .map(margin -> margin.owner() + "/" + margin.segment() + "/" + margin.generation()).toList();
        now.lowestMargins().stream().filter(margin -> margin.margin() == 0)
            .filter(margin -> !atRiskBefore.contains(margin.owner() + "/" + margin.segment() + "/"
                + margin.generation()))
            .forEach(margin -> dataAtRisk(anId, margin.owner(), margin.segment(), margin.live(), margin.needed()));
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
    static org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RecoveryReport report(final RecoveryReport report) {
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
