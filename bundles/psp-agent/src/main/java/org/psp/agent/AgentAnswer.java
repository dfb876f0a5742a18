/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.psp.erasure.CodingParameters;
import org.psp.kad.NodeId;
import org.psp.store.ReservationCounters;

/**
 * An agent's answer to an {@link AgentCommand}.
 */
public sealed interface AgentAnswer {
    /** A watcher's answer to a pushed {@link State} while it watches the node. */
    AgentAnswer WATCHING = new Count(1);
    /** A watcher's answer to a pushed {@link State} once it no longer watches the node: the agent stops pushing. */
    AgentAnswer NOT_WATCHING = new Count(0);

    /**
     * The operation was done; what it counted (chunks, segments, sessions; 1 or 0 for yes or no).
     *
     * @param value the count
     */
    record Count(long value) implements AgentAnswer {
    }

    /**
     * The changes were stored.
     *
     * @param segments segments stored
     * @param pending segments still waiting
     */
    record Stored(int segments, int pending) implements AgentAnswer {
    }

    /**
     * The copy was read back into memory.
     *
     * @param report how that went
     */
    record Report(RecoveryReport report) implements AgentAnswer {
        public Report {
            requireNonNull(report);
        }
    }

    /**
     * The agent's state.
     *
     * @param snapshot the state
     */
    record State(AgentSnapshot snapshot) implements AgentAnswer {
        public State {
            requireNonNull(snapshot);
        }
    }

    /**
     * A page of the node's sessions.
     *
     * @param matching how many sessions match the filter in all
     * @param sessions the page
     */
    record Sessions(int matching, List<Session> sessions) implements AgentAnswer {
        public Sessions {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * The agent refused or failed the operation.
     *
     * @param reason why, for the operator
     */
    record Refused(String reason) implements AgentAnswer {
        public Refused {
            requireNonNull(reason);
        }
    }

    /**
     * Encodes the answer.
     *
     * @return its bytes
     */
    default byte[] toBytes() {
        final var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            switch (this) {
                case Count count -> {
                    out.writeByte(1);
                    out.writeLong(count.value());
                }
                case Stored stored -> {
                    out.writeByte(2);
                    out.writeInt(stored.segments());
                    out.writeInt(stored.pending());
                }
                case Report report -> {
                    out.writeByte(3);
                    writeReport(report.report(), out);
                }
                case State state -> {
                    out.writeByte(4);
                    writeSnapshot(state.snapshot(), out);
                }
                case Refused refused -> {
                    out.writeByte(5);
                    out.writeUTF(refused.reason());
                }
                case Sessions page -> {
                    out.writeByte(6);
                    out.writeInt(page.matching());
                    out.write(SegmentCodec.encode(page.sessions()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an answer.
     *
     * @param bytes its bytes
     * @return the answer
     * @throws IllegalArgumentException if the bytes are not an answer, saying why
     */
    static AgentAnswer fromBytes(final byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty answer");
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            final AgentAnswer answer = switch (bytes[0]) {
                case 1 -> new Count(in.readLong());
                case 2 -> new Stored(in.readInt(), in.readInt());
                case 3 -> new Report(readReport(in));
                case 4 -> new State(readSnapshot(in));
                case 5 -> new Refused(in.readUTF());
                case 6 -> new Sessions(in.readInt(), readSessions(in));
                default -> throw new IllegalArgumentException("unknown answer " + bytes[0]);
            };
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " stray bytes after the answer");
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated answer", e);
        }
    }

    private static List<Session> readSessions(final DataInputStream in) throws IOException {
        try {
            return SegmentCodec.decode(in.readAllBytes());
        } catch (SessionFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void writeReport(final RecoveryReport report, final DataOutputStream out) throws IOException {
        out.writeByte(report.outcome().ordinal());
        out.writeInt(report.sessions());
        out.writeInt(report.segments());
        out.writeLong(report.finished().toEpochMilli());
        out.writeLong(report.duration().toNanos());
        out.writeInt(report.unrecoverable().size());
        for (var lost : report.unrecoverable().entrySet()) {
            out.writeInt(lost.getKey());
            out.writeUTF(lost.getValue());
        }
    }

    private static RecoveryReport readReport(final DataInputStream in) throws IOException {
        final var outcomes = RecoveryReport.Outcome.values();
        final int outcome = in.readUnsignedByte();
        if (outcome >= outcomes.length) {
            throw new IllegalArgumentException("unknown recovery outcome " + outcome);
        }
        final int sessions = in.readInt();
        final int segments = in.readInt();
        final var finished = Instant.ofEpochMilli(in.readLong());
        final var duration = Duration.ofNanos(in.readLong());
        final int lostCount = in.readInt();
        if (lostCount < 0 || lostCount > in.available()) {
            throw new IllegalArgumentException("impossible count of lost segments " + lostCount);
        }
        final var lost = new HashMap<Integer, String>();
        for (int i = 0; i < lostCount; i++) {
            lost.put(in.readInt(), in.readUTF());
        }
        return new RecoveryReport(outcomes[outcome], sessions, segments, lost, finished, duration);
    }

    private static void writeSnapshot(final AgentSnapshot snapshot, final DataOutputStream out) throws IOException {
        out.writeUTF(snapshot.anId());
        out.writeLong(snapshot.nodeId().high());
        out.writeLong(snapshot.nodeId().low());
        out.writeByte(snapshot.status().ordinal());
        out.writeShort(snapshot.udpPort());
        out.writeShort(snapshot.tcpPort());
        out.writeInt(snapshot.routingTableSize());
        out.writeInt(snapshot.sessionCount());
        out.writeShort(snapshot.coding().dataChunks());
        out.writeShort(snapshot.coding().codingChunks());
        out.writeLong(snapshot.storedChunks());
        out.writeLong(snapshot.storedBytes());
        out.writeLong(snapshot.refusedStores());
        final var reservations = snapshot.reservations();
        out.writeLong(reservations.held());
        out.writeLong(reservations.heldBytes());
        out.writeLong(reservations.granted());
        out.writeLong(reservations.used());
        out.writeLong(reservations.lapsed());
        out.writeLong(reservations.refused());
        final var usefulness = snapshot.usefulness();
        out.writeBoolean(usefulness.coefficient().isPresent());
        out.writeDouble(usefulness.coefficient().orElse(0.0));
        out.writeLong(usefulness.given());
        out.writeLong(usefulness.specialGiven());
        out.writeLong(usefulness.taken());
        out.writeLong(usefulness.specialTaken());
        out.writeLong(usefulness.refusedPlacements());
        out.writeLong(usefulness.refusedOthers());
        out.writeLong(snapshot.manifestGeneration());
        final var progress = snapshot.progress();
        out.writeInt(progress.pendingSegments());
        out.writeInt(progress.storingSegments());
        out.writeLong(progress.storedSegments());
        out.writeInt(progress.consecutiveFailures());
        out.writeLong(progress.lastStored().map(Instant::toEpochMilli).orElse(-1L));
        out.writeLong(progress.nextAttempt().map(Instant::toEpochMilli).orElse(-1L));
        out.writeUTF(progress.lastError());
        out.writeBoolean(snapshot.lastRecovery().isPresent());
        if (snapshot.lastRecovery().isPresent()) {
            writeReport(snapshot.lastRecovery().orElseThrow(), out);
        }
        writeCoordination(snapshot.coordination(), out);
    }

    private static void writeCoordination(final CoordinationStatus status, final DataOutputStream out)
            throws IOException {
        final var counters = status.counters();
        for (long counter : new long[] {counters.heartbeatsSent(), counters.heartbeatsReceived(), counters.refused(),
                counters.elections(), counters.handOvers(), counters.stripesRepaired(), counters.chunksRepaired(),
                counters.repairReads(), counters.repairWrites()}) {
            out.writeLong(counter);
        }
        out.writeShort(status.coordinated().size());
        for (var owner : status.coordinated()) {
            out.writeUTF(owner.owner());
            out.writeInt(owner.stripes());
            out.writeInt(owner.wholeStripes());
            out.writeShort(owner.fewestLive());
            out.writeInt(owner.reportingHolders());
            out.writeBoolean(owner.counted());
        }
        out.writeByte(status.lowestMargins().size());
        for (var margin : status.lowestMargins()) {
            out.writeUTF(margin.owner());
            out.writeInt(margin.segment());
            out.writeLong(margin.generation());
            out.writeShort(margin.live());
            out.writeShort(margin.needed());
            out.writeShort(margin.total());
        }
    }

    private static CoordinationStatus readCoordination(final DataInputStream in) throws IOException {
        final var counters = new CoordinationCounters(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        final int owners = in.readUnsignedShort();
        final var coordinated = new ArrayList<CoordinatedOwner>();
        for (int i = 0; i < owners; i++) {
            coordinated.add(new CoordinatedOwner(in.readUTF(), in.readInt(), in.readInt(), in.readUnsignedShort(),
                in.readInt(), in.readBoolean()));
        }
        final int stripes = in.readUnsignedByte();
        final var margins = new ArrayList<StripeMargin>();
        for (int i = 0; i < stripes; i++) {
            margins.add(new StripeMargin(in.readUTF(), in.readInt(), in.readLong(), in.readUnsignedShort(),
                in.readUnsignedShort(), in.readUnsignedShort()));
        }
        return new CoordinationStatus(counters, coordinated, margins);
    }

    private static AgentSnapshot readSnapshot(final DataInputStream in) throws IOException {
        final var anId = in.readUTF();
        final var nodeId = new NodeId(in.readLong(), in.readLong());
        final var statuses = AgentStatus.values();
        final int status = in.readUnsignedByte();
        if (status >= statuses.length) {
            throw new IllegalArgumentException("unknown agent status " + status);
        }
        final int udpPort = in.readUnsignedShort();
        final int tcpPort = in.readUnsignedShort();
        final int routingTableSize = in.readInt();
        final int sessionCount = in.readInt();
        final var coding = new CodingParameters(in.readUnsignedShort(), in.readUnsignedShort());
        final long storedChunks = in.readLong();
        final long storedBytes = in.readLong();
        final long refusedStores = in.readLong();
        final var reservations = new ReservationCounters(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
            in.readLong(), in.readLong());
        final boolean hasCoefficient = in.readBoolean();
        final double coefficient = in.readDouble();
        final var usefulness = new UsefulnessStatus(hasCoefficient ? Optional.of(coefficient) : Optional.empty(),
            in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        final long manifestGeneration = in.readLong();
        final var progress = new StoreProgress(in.readInt(), in.readInt(), in.readLong(), in.readInt(),
            instant(in.readLong()), instant(in.readLong()), in.readUTF());
        final var lastRecovery = in.readBoolean() ? Optional.of(readReport(in)) : Optional.<RecoveryReport>empty();
        return new AgentSnapshot(anId, nodeId, statuses[status], udpPort, tcpPort, routingTableSize, sessionCount,
            coding, storedChunks, storedBytes, refusedStores, reservations, usefulness, manifestGeneration, progress,
            lastRecovery,
            readCoordination(in));
    }

    private static Optional<Instant> instant(final long epochMillis) {
        return epochMillis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(epochMillis));
    }
}
