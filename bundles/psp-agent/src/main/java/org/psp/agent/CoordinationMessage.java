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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.psp.kad.NodeId;

/**
 * What the holders and the coordinator of an access node's data say to each other, carried in Kad COMMAND messages
 * (so authenticated by the overlay key) beside the {@linkplain AgentCommand agent commands}, from which a leading tag
 * of its own sets them apart.
 */
sealed interface CoordinationMessage {
    /** The most chunks one heartbeat reports. */
    int MAX_CHUNKS = 65_535;
    /** The longest owner id, in bytes of UTF-8. */
    int MAX_OWNER_BYTES = 255;

    /**
     * One chunk a holder holds.
     *
     * @param segment the owner's segment
     * @param generation its generation
     * @param index the chunk's place in the stripe
     * @param expiresAtMillis until when the holder keeps it
     */
    record HeldChunk(int segment, long generation, int index, long expiresAtMillis) {
        public HeldChunk {
            if (segment < 0 || generation < 0 || index < 0 || index > 0xFFFF) {
                throw new IllegalArgumentException("no such chunk: segment " + segment + ", generation "
                    + generation + ", index " + index);
            }
        }
    }

    /**
     * A holder reports to the node it takes for the coordinator of an owner's data.
     *
     * @param owner the access node whose chunks it holds
     * @param udpPort where the holder's overlay node takes datagrams
     * @param tcpPort where it takes streams
     * @param elect whether the holder asks the node to coordinate because the coordinator it knew is silent
     * @param knownGeneration the generation of the holder list it has, 0 for none
     * @param chunks what it holds of the owner
     */
    record Heartbeat(String owner, int udpPort, int tcpPort, boolean elect, long knownGeneration,
            List<HeldChunk> chunks) implements CoordinationMessage {
        public Heartbeat {
            checkOwner(owner);
            chunks = List.copyOf(chunks);
            if (udpPort < 1 || udpPort > 0xFFFF || tcpPort < 1 || tcpPort > 0xFFFF) {
                throw new IllegalArgumentException("ports out of range: UDP " + udpPort + ", TCP " + tcpPort);
            }
            if (chunks.size() > MAX_CHUNKS) {
                throw new IllegalArgumentException(chunks.size() + " chunks, at most " + MAX_CHUNKS);
            }
        }
    }

    /**
     * A coordinator that steps down gives its holder list and storing deadline to the node that coordinates now.
     *
     * @param owner the access node whose data it is
     * @param manifest the holder list
     * @param expiresAtMillis until when the owner wants its data kept
     */
    record HandOver(String owner, Manifest manifest, long expiresAtMillis) implements CoordinationMessage {
        public HandOver {
            checkOwner(owner);
            requireNonNull(manifest);
            if (!manifest.anId().equals(owner)) {
                throw new IllegalArgumentException("a manifest of " + manifest.anId() + " handed over for " + owner);
            }
        }
    }

    /**
     * A node that just took the role of coordinator asks a listed holder what it holds of the owner, so that it
     * counts the stripes at once instead of waiting an interval and a half for every holder's heartbeat; answered
     * with a {@link Heartbeat} (not an election).
     *
     * @param owner the access node whose data it coordinates
     */
    record Poll(String owner) implements CoordinationMessage {
        public Poll {
            checkOwner(owner);
        }
    }

    /**
     * The answer: who coordinates the owner's data.
     *
     * @param coordinator the coordinator's node
     * @param self whether the answering node is the coordinator; if not, the answer only tells whom it follows
     * @param expiresAtMillis until when the owner wants its data kept, 0 if unknown
     * @param manifest the holder list, if the asker's is older
     */
    record Coordinator(NodeId coordinator, boolean self, long expiresAtMillis, Optional<Manifest> manifest)
            implements CoordinationMessage {
        public Coordinator {
            requireNonNull(coordinator);
            requireNonNull(manifest);
        }
    }

    /**
     * The answer of a node that will not take the message, and why.
     *
     * @param reason why
     */
    record Refused(String reason) implements CoordinationMessage {
        public Refused {
            requireNonNull(reason);
        }
    }

    /** The tags, above those of the agent commands. */
    byte HEARTBEAT = 0x50;
    byte HAND_OVER = 0x51;
    byte POLL = 0x52;
    byte COORDINATOR = 0x58;
    byte REFUSED = 0x59;

    /**
     * Tells whether a command's bytes are a coordination message.
     *
     * @param bytes the bytes
     * @return true if they carry its tag
     */
    static boolean isCoordination(final byte[] bytes) {
        return bytes.length > 0 && bytes[0] >= HEARTBEAT && bytes[0] <= REFUSED;
    }

    /**
     * Returns the message's binary form: tag (1), then per type. Strings are modified UTF-8 with a length; a
     * manifest is its own binary form with a 4-byte length.
     *
     * @return the bytes
     */
    default byte[] toBytes() {
        final var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            switch (this) {
                case Heartbeat heartbeat -> {
                    out.writeByte(HEARTBEAT);
                    out.writeUTF(heartbeat.owner());
                    out.writeShort(heartbeat.udpPort());
                    out.writeShort(heartbeat.tcpPort());
                    out.writeBoolean(heartbeat.elect());
                    out.writeLong(heartbeat.knownGeneration());
                    out.writeShort(heartbeat.chunks().size());
                    for (var chunk : heartbeat.chunks()) {
                        out.writeInt(chunk.segment());
                        out.writeLong(chunk.generation());
                        out.writeShort(chunk.index());
                        out.writeLong(chunk.expiresAtMillis());
                    }
                }
                case HandOver handOver -> {
                    out.writeByte(HAND_OVER);
                    out.writeUTF(handOver.owner());
                    writeManifest(out, handOver.manifest());
                    out.writeLong(handOver.expiresAtMillis());
                }
                case Poll poll -> {
                    out.writeByte(POLL);
                    out.writeUTF(poll.owner());
                }
                case Coordinator coordinator -> {
                    out.writeByte(COORDINATOR);
                    out.writeLong(coordinator.coordinator().high());
                    out.writeLong(coordinator.coordinator().low());
                    out.writeBoolean(coordinator.self());
                    out.writeLong(coordinator.expiresAtMillis());
                    out.writeBoolean(coordinator.manifest().isPresent());
                    if (coordinator.manifest().isPresent()) {
                        writeManifest(out, coordinator.manifest().orElseThrow());
                    }
                }
                case Refused refused -> {
                    out.writeByte(REFUSED);
                    out.writeUTF(refused.reason());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a message.
     *
     * @param bytes its binary form
     * @return the message
     * @throws IllegalArgumentException if the bytes are not a coordination message, saying why
     */
    static CoordinationMessage fromBytes(final byte[] bytes) {
        if (!isCoordination(bytes)) {
            throw new IllegalArgumentException("not a coordination message");
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            final CoordinationMessage message = switch (bytes[0]) {
                case HEARTBEAT -> {
                    final var owner = in.readUTF();
                    final int udpPort = in.readUnsignedShort();
                    final int tcpPort = in.readUnsignedShort();
                    final boolean elect = in.readBoolean();
                    final long known = in.readLong();
                    final int count = in.readUnsignedShort();
                    final var chunks = new ArrayList<HeldChunk>(Math.min(count, in.available() / 22 + 1));
                    for (int i = 0; i < count; i++) {
                        chunks.add(new HeldChunk(in.readInt(), in.readLong(), in.readUnsignedShort(), in.readLong()));
                    }
                    yield new Heartbeat(owner, udpPort, tcpPort, elect, known, chunks);
                }
                case HAND_OVER -> new HandOver(in.readUTF(), readManifest(in), in.readLong());
                case POLL -> new Poll(in.readUTF());
                case COORDINATOR -> {
                    final var coordinator = new NodeId(in.readLong(), in.readLong());
                    final boolean self = in.readBoolean();
                    final long expiresAt = in.readLong();
                    yield new Coordinator(coordinator, self, expiresAt,
                        in.readBoolean() ? Optional.of(readManifest(in)) : Optional.empty());
                }
                case REFUSED -> new Refused(in.readUTF());
                default -> throw new IllegalArgumentException("unknown coordination message " + bytes[0]);
            };
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " stray bytes after the message");
            }
            return message;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated coordination message", e);
        }
    }

    /**
     * Checks an owner id as messages carry it.
     *
     * @param owner the id
     * @throws IllegalArgumentException if it is empty or too long
     */
    static void checkOwner(final String owner) {
        requireNonNull(owner);
        if (owner.isEmpty() || owner.getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_BYTES) {
            throw new IllegalArgumentException("an owner id must have 1 to " + MAX_OWNER_BYTES + " bytes");
        }
    }

    private static void writeManifest(final DataOutputStream out, final Manifest manifest) throws IOException {
        final var bytes = manifest.toBytes();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static Manifest readManifest(final DataInputStream in) throws IOException {
        final int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IllegalArgumentException("a manifest of " + length + " bytes in a shorter message");
        }
        final var bytes = new byte[length];
        in.readFully(bytes);
        try {
            return Manifest.fromBytes(bytes);
        } catch (SessionFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
