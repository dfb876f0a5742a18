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
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.psp.erasure.CodingParameters;

/**
 * An administrative operation that one member of the overlay asks of another access node's agent: the operations
 * of the northbound API, for access nodes that a controller does not host. Carried in Kad COMMAND messages, so
 * authenticated by the overlay key.
 */
public sealed interface AgentCommand {
    /** Report the agent's state. */
    record Status() implements AgentCommand {
    }

    /** Store the changes not stored yet. */
    record Store() implements AgentCommand {
    }

    /** Read the node's copy from the overlay into its memory. */
    record Restore() implements AgentCommand {
    }

    /** Delete the node's copy in the overlay. */
    record Delete() implements AgentCommand {
    }

    /** Bring back the deleted copy. */
    record Undelete() implements AgentCommand {
    }

    /** Forget the node's own sessions. */
    record DeleteMemory() implements AgentCommand {
    }

    /**
     * Encode everything again under new parameters.
     *
     * @param coding m and k
     */
    record Configure(CodingParameters coding) implements AgentCommand {
        public Configure {
            requireNonNull(coding);
        }
    }

    /**
     * Extend the storing time of the node's copy.
     *
     * @param storingTime from now
     */
    record Extend(Duration storingTime) implements AgentCommand {
        public Extend {
            requireNonNull(storingTime);
        }
    }

    /**
     * Grant or change a session.
     *
     * @param session the session
     */
    record AddSession(Session session) implements AgentCommand {
        public AddSession {
            requireNonNull(session);
        }
    }

    /**
     * Release a session.
     *
     * @param key the session's key
     */
    record RemoveSession(SessionKey key) implements AgentCommand {
        public RemoveSession {
            requireNonNull(key);
        }
    }

    /**
     * Read sessions from the node's memory: those matching a filter, ordered by port and MAC, a page at a time.
     *
     * @param filter which sessions
     * @param offset how many matching sessions to skip
     * @param limit the most to return, 1 to {@value #MAX_PAGE}
     */
    record Sessions(SessionFilter filter, int offset, int limit) implements AgentCommand {
        /** The most sessions one answer carries. */
        public static final int MAX_PAGE = 10_000;

        public Sessions {
            requireNonNull(filter);
            if (offset < 0) {
                throw new IllegalArgumentException("offset must not be negative");
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE);
            }
        }
    }

    /**
     * Report the agent's state now, and push it to the sender whenever it changes until the lease ends; a watcher
     * renews its watch before then. Asked over the overlay only: the agent pushes to the address the watch came from.
     *
     * @param port the TCP port the watcher takes the pushes on
     * @param lease how long the agent pushes, {@value #MIN_LEASE_SECONDS} s to {@value #MAX_LEASE_SECONDS} s
     */
    record Watch(int port, Duration lease) implements AgentCommand {
        /** The shortest lease. */
        public static final int MIN_LEASE_SECONDS = 1;
        /** The longest lease, so that a watcher that went away is forgotten within the hour. */
        public static final int MAX_LEASE_SECONDS = 3600;

        public Watch {
            requireNonNull(lease);
            if (port < 1 || port > 0xFFFF) {
                throw new IllegalArgumentException("port " + port + " out of range");
            }
            if (lease.toSeconds() < MIN_LEASE_SECONDS || lease.toSeconds() > MAX_LEASE_SECONDS) {
                throw new IllegalArgumentException("a watch lease must be " + MIN_LEASE_SECONDS + " to "
                    + MAX_LEASE_SECONDS + " seconds");
            }
        }
    }

    /**
     * Encodes the command.
     *
     * @return its bytes
     */
    default byte[] toBytes() {
        final var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            switch (this) {
                case Status status -> out.writeByte(1);
                case Store store -> out.writeByte(2);
                case Restore restore -> out.writeByte(3);
                case Delete delete -> out.writeByte(4);
                case Undelete undelete -> out.writeByte(5);
                case DeleteMemory deleteMemory -> out.writeByte(6);
                case Configure configure -> {
                    out.writeByte(7);
                    out.writeShort(configure.coding().dataChunks());
                    out.writeShort(configure.coding().codingChunks());
                }
                case Extend extend -> {
                    out.writeByte(8);
                    out.writeLong(extend.storingTime().toSeconds());
                }
                case AddSession add -> {
                    out.writeByte(9);
                    out.write(SegmentCodec.encode(List.of(add.session())));
                }
                case RemoveSession remove -> {
                    out.writeByte(10);
                    out.writeUTF(remove.key().port());
                    out.writeLong(remove.key().mac().value());
                }
                case Sessions sessions -> {
                    out.writeByte(11);
                    final var filter = sessions.filter();
                    out.writeUTF(filter.port().orElse(""));
                    out.writeLong(filter.mac().map(MacAddress::value).orElse(-1L));
                    final var address = filter.address().map(InetAddress::getAddress).orElse(new byte[0]);
                    out.writeByte(address.length);
                    out.write(address);
                    out.writeInt(sessions.offset());
                    out.writeInt(sessions.limit());
                }
                case Watch watch -> {
                    out.writeByte(12);
                    out.writeShort(watch.port());
                    out.writeInt((int) watch.lease().toSeconds());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a command.
     *
     * @param bytes its bytes
     * @return the command
     * @throws IllegalArgumentException if the bytes are not a command, saying why
     */
    static AgentCommand fromBytes(final byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty command");
        }
        try (var in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
            final AgentCommand command = switch (bytes[0]) {
                case 1 -> new Status();
                case 2 -> new Store();
                case 3 -> new Restore();
                case 4 -> new Delete();
                case 5 -> new Undelete();
                case 6 -> new DeleteMemory();
                case 7 -> new Configure(new CodingParameters(in.readUnsignedShort(), in.readUnsignedShort()));
                case 8 -> new Extend(Duration.ofSeconds(in.readLong()));
                case 9 -> {
                    final var sessions = SegmentCodec.decode(in.readAllBytes());
                    if (sessions.size() != 1) {
                        throw new IllegalArgumentException(sessions.size() + " sessions in one add-session");
                    }
                    yield new AddSession(sessions.get(0));
                }
                case 10 -> new RemoveSession(new SessionKey(in.readUTF(), new MacAddress(in.readLong())));
                case 11 -> new Sessions(readFilter(in), in.readInt(), in.readInt());
                case 12 -> new Watch(in.readUnsignedShort(), Duration.ofSeconds(in.readInt()));
                default -> throw new IllegalArgumentException("unknown command " + bytes[0]);
            };
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " stray bytes after the command");
            }
            return command;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated command", e);
        } catch (SessionFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static SessionFilter readFilter(final DataInputStream in) throws IOException {
        final var port = in.readUTF();
        final long mac = in.readLong();
        final var address = new byte[in.readUnsignedByte()];
        in.readFully(address);
        if (address.length != 0 && address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address of " + address.length + " bytes");
        }
        return new SessionFilter(port.isEmpty() ? Optional.empty() : Optional.of(port),
            mac < 0 ? Optional.empty() : Optional.of(new MacAddress(mac)),
            address.length == 0 ? Optional.empty() : Optional.of(InetAddress.getByAddress(address)));
    }
}
