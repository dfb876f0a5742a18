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
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.psp.kad.IndexRecord;
import org.psp.kad.NodeId;

/**
 * Where a subscriber's session is served, as the session index tells it: the access node, the line and the lease.
 * An index record holds only this, never the rest of the session (VLANs, remote-id).
 *
 * @param anId the access node that serves the session
 * @param port its subscriber port
 * @param mac the subscriber's MAC address
 * @param ipv4 the leased IPv4 address, if any
 * @param ipv6 the leased IPv6 address, if any
 * @param circuitId the relay agent's circuit-id, empty if none or too long for an index record
 * @param leaseStart when the lease began
 * @param leaseEnd when it ends or ended: its expiry, or when the session was released
 */
public record SessionLocation(String anId, String port, MacAddress mac, Optional<Inet4Address> ipv4,
        Optional<Inet6Address> ipv6, String circuitId, Instant leaseStart, Instant leaseEnd) {
    private static final int FORMAT = 1;

    /**
     * Checks the components.
     */
    public SessionLocation {
        requireNonNull(anId);
        requireNonNull(port);
        requireNonNull(mac);
        requireNonNull(ipv4);
        requireNonNull(ipv6);
        requireNonNull(circuitId);
        requireNonNull(leaseStart);
        requireNonNull(leaseEnd);
    }

    /**
     * Returns where a session of an access node is served.
     *
     * @param anId the access node
     * @param session the session
     * @param leaseEnd when its lease ends or ended
     * @return the location
     */
    public static SessionLocation of(final String anId, final Session session, final Instant leaseEnd) {
        return new SessionLocation(anId, session.port(), session.mac(), session.ipv4(), session.ipv6(),
            session.circuitId(), session.leaseStart(), leaseEnd);
    }

    /**
     * Returns the id of the index records of one subscriber of one access node: the same under every keyword and
     * every lease, so that a newer record replaces the older one.
     *
     * @param anId the access node
     * @param key the session's key
     * @return the record id
     */
    static NodeId recordId(final String anId, final SessionKey key) {
        return NodeId.keyOf(anId, "session " + key.port() + " " + key.mac());
    }

    /**
     * Returns this location as an index record; a circuit-id that would make it too large is left out.
     *
     * @param version the record's version
     * @return the record, empty if even without the circuit-id it exceeds {@link IndexRecord#MAX_PAYLOAD}
     */
    Optional<IndexRecord> toRecord(final long version) {
        var payload = payload(circuitId);
        if (payload.length > IndexRecord.MAX_PAYLOAD) {
            payload = payload("");
        }
        return payload.length > IndexRecord.MAX_PAYLOAD ? Optional.empty()
            : Optional.of(new IndexRecord(recordId(anId, new SessionKey(port, mac)), version,
                leaseStart.toEpochMilli(), Math.max(leaseStart.toEpochMilli(), leaseEnd.toEpochMilli()), payload));
    }

    /**
     * Reads a location from an index record.
     *
     * @param record the record
     * @return the location
     * @throws SessionFormatException if the record is not a session location
     */
    static SessionLocation fromRecord(final IndexRecord record) throws SessionFormatException {
        try (var in = new DataInputStream(new ByteArrayInputStream(record.payload()))) {
            final int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new SessionFormatException("unknown index record format " + format, null);
            }
            final var anId = in.readUTF();
            final var port = in.readUTF();
            final var mac = new MacAddress(in.readLong());
            final int flags = in.readUnsignedByte();
            final var ipv4 = (flags & 1) == 0 ? Optional.<Inet4Address>empty()
                : Optional.of((Inet4Address) InetAddress.getByAddress(in.readNBytes(4)));
            final var ipv6 = (flags & 2) == 0 ? Optional.<Inet6Address>empty()
                : Optional.of((Inet6Address) InetAddress.getByAddress(in.readNBytes(16)));
            final var circuitId = in.readUTF();
            if (in.available() > 0) {
                throw new SessionFormatException("stray bytes after an index record", null);
            }
            return new SessionLocation(anId, port, mac, ipv4, ipv6, circuitId,
                Instant.ofEpochMilli(record.validFromMillis()), Instant.ofEpochMilli(record.validUntilMillis()));
        } catch (IOException | ClassCastException | IllegalArgumentException e) {
            throw new SessionFormatException("not a session index record: " + e.getMessage(), e);
        }
    }

    private byte[] payload(final String circuit) {
        final var bytes = new ByteArrayOutputStream(128);
        try (var out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(anId);
            out.writeUTF(port);
            out.writeLong(mac.value());
            out.writeByte((ipv4.isPresent() ? 1 : 0) | (ipv6.isPresent() ? 2 : 0));
            if (ipv4.isPresent()) {
                out.write(ipv4.orElseThrow().getAddress());
            }
            if (ipv6.isPresent()) {
                out.write(ipv6.orElseThrow().getAddress());
            }
            out.writeUTF(circuit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
