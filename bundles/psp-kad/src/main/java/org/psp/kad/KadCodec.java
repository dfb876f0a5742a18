/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The binary form of a Kad message, authenticated with HMAC-SHA256 under the overlay key. Big-endian:
 *
 * <pre>
 *   version (1) | type (1) | request id (8) | sender id (16) | sender TCP port (2) | timestamp ms (8) | body
 *   | HMAC-SHA256 of everything before it (32)
 * </pre>
 *
 * <p>Not thread-safe (it owns a {@link Mac}): use one per event loop.
 */
public final class KadCodec {
    /** The protocol version this codec speaks. */
    public static final byte VERSION = 1;
    /** Length of the HMAC trailer. */
    public static final int MAC_LENGTH = 32;

    private static final int HEADER_LENGTH = 1 + 1 + 8 + 16 + 2 + 8;

    /** The largest scratch buffer kept between {@link #encodedLength} calls. */
    private static final int SCRATCH_KEPT = 64 << 10;

    private final Mac mac;
    private final int maxValueLength;
    private ByteBuf scratch;

    /**
     * Creates a codec for datagrams.
     *
     * @param overlayKey the key every member of the overlay shares, at least 16 bytes
     */
    public KadCodec(final byte[] overlayKey) {
        this(overlayKey, KadMessage.MAX_DATAGRAM_VALUE);
    }

    /**
     * Creates a codec.
     *
     * @param overlayKey the key every member of the overlay shares, at least 16 bytes
     * @param maxValueLength the largest value a decoded message may carry
     */
    public KadCodec(final byte[] overlayKey, final int maxValueLength) {
        requireNonNull(overlayKey);
        this.maxValueLength = maxValueLength;
        if (overlayKey.length < 16) {
            throw new IllegalArgumentException("the overlay key must have at least 16 bytes, not " + overlayKey.length);
        }
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(overlayKey, "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /**
     * Encodes and signs a message.
     *
     * @param message the message
     * @param allocator where the buffer comes from
     * @return the datagram payload
     */
    public ByteBuf encode(final KadMessage message, final ByteBufAllocator allocator) {
        final var out = allocator.buffer(valueLength(message.body()) + 256);
        writeUnsigned(message, out);
        mac.update(out.nioBuffer());
        out.writeBytes(mac.doFinal());
        return out;
    }

    /**
     * Returns the length of a message as {@link #encode} gives it, without signing it or keeping the bytes.
     *
     * @param message the message
     * @return its length in bytes, the authentication code included
     */
    public int encodedLength(final KadMessage message) {
        if (scratch == null) {
            scratch = Unpooled.buffer(256);
        }
        scratch.clear();
        writeUnsigned(message, scratch);
        final int length = scratch.readableBytes() + MAC_LENGTH;
        if (scratch.capacity() > SCRATCH_KEPT) {
            scratch.release();
            scratch = null;
        }
        return length;
    }

    private static int valueLength(final KadMessage.Body body) {
        return switch (body) {
            case KadMessage.Store store -> store.value().length;
            case KadMessage.Value value -> value.value().length;
            case KadMessage.Command command -> command.request().length;
            case KadMessage.CommandResult result -> result.response().length;
            case KadMessage.IndexPut put -> put.record().encodedLength();
            case KadMessage.IndexRecords found -> found.records().stream().mapToInt(IndexRecord::encodedLength).sum();
            default -> 0;
        };
    }

    /** Writes everything the authentication code covers. */
    private static void writeUnsigned(final KadMessage message, final ByteBuf out) {
        out.writeByte(VERSION)
            .writeByte(message.body().type())
            .writeLong(message.requestId())
            .writeLong(message.sender().high())
            .writeLong(message.sender().low())
            .writeShort(message.tcpPort())
            .writeLong(message.timestampMillis());
        writeBody(message.body(), out);
    }

    /**
     * Verifies and decodes a datagram payload. The buffer is read, not released.
     *
     * @param in the payload
     * @return the message
     * @throws KadCodecException if it is not an authentic, well-formed message
     */
    public KadMessage decode(final ByteBuf in) throws KadCodecException {
        final int length = in.readableBytes();
        if (length < HEADER_LENGTH + MAC_LENGTH) {
            throw new KadCodecException("truncated message of " + length + " bytes", false);
        }
        final int start = in.readerIndex();
        mac.update(in.nioBuffer(start, length - MAC_LENGTH));
        final var expected = mac.doFinal();
        final var received = new byte[MAC_LENGTH];
        in.getBytes(start + length - MAC_LENGTH, received);
        if (!MessageDigest.isEqual(expected, received)) {
            throw new KadCodecException("bad message authentication code", false);
        }
        final var body = in.slice(start, length - MAC_LENGTH);
        final byte version = body.readByte();
        if (version != VERSION) {
            throw new KadCodecException("unsupported protocol version " + version);
        }
        final int type = body.readUnsignedByte();
        final long requestId = body.readLong();
        final var sender = new NodeId(body.readLong(), body.readLong());
        final int tcpPort = body.readUnsignedShort();
        final long timestamp = body.readLong();
        try {
            final var message = new KadMessage(requestId, sender, tcpPort, timestamp, readBody(type, body));
            if (body.isReadable()) {
                throw new KadCodecException(body.readableBytes() + " stray bytes after a message of type " + type);
            }
            in.skipBytes(length);
            return message;
        } catch (IndexOutOfBoundsException e) {
            throw new KadCodecException("truncated body of a message of type " + type, e);
        } catch (IllegalArgumentException e) {
            throw new KadCodecException("invalid message of type " + type + ": " + e.getMessage(), e);
        }
    }

    private static void writeBody(final KadMessage.Body body, final ByteBuf out) {
        switch (body) {
            case KadMessage.Ping ping -> {
                // empty
            }
            case KadMessage.Pong pong -> {
                // empty
            }
            case KadMessage.FindNode findNode -> writeId(findNode.target(), out);
            case KadMessage.FindValue findValue -> writeId(findValue.key(), out);
            case KadMessage.Delete delete -> writeId(delete.key(), out);
            case KadMessage.Undelete undelete -> writeId(undelete.key(), out);
            case KadMessage.Extend extend -> {
                writeId(extend.key(), out);
                out.writeInt(extend.storingSeconds());
            }
            case KadMessage.Nodes nodes -> writeContacts(nodes.contacts(), out);
            case KadMessage.Value value -> {
                writeId(value.key(), out);
                out.writeInt(value.value().length).writeBytes(value.value());
            }
            case KadMessage.Store store -> {
                writeId(store.key(), out);
                out.writeInt(store.storingSeconds());
                out.writeInt(store.value().length).writeBytes(store.value());
            }
            case KadMessage.Reserve reserve -> {
                writeId(reserve.key(), out);
                out.writeInt(reserve.bytes()).writeShort(reserve.holdSeconds()).writeLong(reserve.placerGiven())
                    .writeLong(reserve.placerTaken()).writeLong(reserve.placerAllowance());
            }
            case KadMessage.HasValue hasValue -> {
                writeId(hasValue.key(), out);
                out.writeInt(hasValue.length());
            }
            case KadMessage.StoreResult result -> {
                out.writeBoolean(result.accepted());
                writeReason(result.reason(), out);
            }
            case KadMessage.IndexStored stored -> {
                out.writeBoolean(stored.kept());
                writeReason(stored.reason(), out);
                writeContacts(stored.closest(), out);
            }
            case KadMessage.Ack ack -> out.writeBoolean(ack.done());
            case KadMessage.Command command -> out.writeInt(command.request().length).writeBytes(command.request());
            case KadMessage.CommandResult result -> out.writeInt(result.response().length)
                .writeBytes(result.response());
            case KadMessage.IndexPut put -> {
                writeId(put.key(), out);
                out.writeInt(put.storingSeconds()).writeByte(put.replicas());
                writeRecord(put.record(), out);
            }
            case KadMessage.IndexFind find -> {
                writeId(find.key(), out);
                out.writeLong(find.atMillis()).writeByte(find.replicas());
            }
            case KadMessage.IndexRecords found -> {
                writeId(found.key(), out);
                out.writeByte(found.records().size());
                found.records().forEach(record -> writeRecord(record, out));
                writeContacts(found.closest(), out);
            }
        }
    }

    private KadMessage.Body readBody(final int type, final ByteBuf in) throws KadCodecException {
        return switch (type) {
            case 1 -> new KadMessage.Ping();
            case 2 -> new KadMessage.Pong();
            case 3 -> new KadMessage.FindNode(readId(in));
            case 4 -> readNodes(in);
            case 5 -> new KadMessage.FindValue(readId(in));
            case 6 -> new KadMessage.Value(readId(in), readValue(in));
            case 7 -> {
                final var key = readId(in);
                final int storingSeconds = in.readInt();
                yield new KadMessage.Store(key, readValue(in), storingSeconds);
            }
            case 11 -> new KadMessage.HasValue(readId(in), in.readInt());
            case 20 -> {
                final var key = readId(in);
                final int bytes = in.readInt();
                final int holdSeconds = in.readUnsignedShort();
                final long given = in.readLong();
                final long taken = in.readLong();
                yield new KadMessage.Reserve(key, bytes, holdSeconds, given, taken, in.readLong());
            }
            case 8 -> new KadMessage.StoreResult(in.readBoolean(), readReason(in));
            case 9 -> new KadMessage.Delete(readId(in));
            case 10 -> new KadMessage.Ack(in.readBoolean());
            case 12 -> {
                final var key = readId(in);
                yield new KadMessage.Extend(key, in.readInt());
            }
            case 13 -> new KadMessage.Undelete(readId(in));
            case 14 -> new KadMessage.Command(readValue(in));
            case 15 -> new KadMessage.CommandResult(readValue(in));
            case 16 -> {
                final var key = readId(in);
                final int storingSeconds = in.readInt();
                final int replicas = in.readUnsignedByte();
                yield new KadMessage.IndexPut(key, readRecord(in), storingSeconds, replicas);
            }
            case 17 -> {
                final var key = readId(in);
                final long atMillis = in.readLong();
                yield new KadMessage.IndexFind(key, atMillis, in.readUnsignedByte());
            }
            case 18 -> {
                final var key = readId(in);
                final int count = in.readUnsignedByte();
                final var records = new ArrayList<IndexRecord>(count);
                for (int i = 0; i < count; i++) {
                    records.add(readRecord(in));
                }
                yield new KadMessage.IndexRecords(key, records, readContacts(in));
            }
            case 19 -> {
                final boolean kept = in.readBoolean();
                final var reason = readReason(in);
                yield new KadMessage.IndexStored(kept, reason, readContacts(in));
            }
            default -> throw new KadCodecException("unknown message type " + type);
        };
    }

    private static KadMessage.Nodes readNodes(final ByteBuf in) throws KadCodecException {
        return new KadMessage.Nodes(readContacts(in));
    }

    private static void writeContacts(final List<Contact> contacts, final ByteBuf out) {
        out.writeByte(contacts.size());
        for (var contact : contacts) {
            writeId(contact.id(), out);
            final var address = contact.address().getAddress().getAddress();
            out.writeByte(address.length).writeBytes(address)
                .writeShort(contact.address().getPort())
                .writeShort(contact.tcpPort());
        }
    }

    private static List<Contact> readContacts(final ByteBuf in) throws KadCodecException {
        final int count = in.readUnsignedByte();
        if (count > KadMessage.MAX_CONTACTS) {
            throw new KadCodecException(count + " contacts in one message, at most " + KadMessage.MAX_CONTACTS);
        }
        final var contacts = new ArrayList<Contact>(count);
        for (int i = 0; i < count; i++) {
            final var id = readId(in);
            final int addressLength = in.readUnsignedByte();
            if (addressLength != 4 && addressLength != 16) {
                throw new KadCodecException("address of " + addressLength + " bytes");
            }
            final var address = new byte[addressLength];
            in.readBytes(address);
            final int udpPort = in.readUnsignedShort();
            final int tcpPort = in.readUnsignedShort();
            try {
                contacts.add(new Contact(id, new InetSocketAddress(InetAddress.getByAddress(address), udpPort),
                    tcpPort));
            } catch (UnknownHostException e) {
                throw new KadCodecException("invalid address in a contact", e);
            }
        }
        return contacts;
    }

    /** Writes why a request was refused; the message cut it to {@value KadMessage#MAX_REASON_BYTES} bytes. */
    private static void writeReason(final String reason, final ByteBuf out) {
        final var bytes = reason.getBytes(StandardCharsets.UTF_8);
        out.writeByte(bytes.length).writeBytes(bytes);
    }

    private static String readReason(final ByteBuf in) {
        final var bytes = new byte[in.readUnsignedByte()];
        in.readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private byte[] readValue(final ByteBuf in) throws KadCodecException {
        final int length = in.readInt();
        if (length < 0 || length > maxValueLength || length > in.readableBytes()) {
            throw new KadCodecException("value length " + length + " exceeds the message");
        }
        final var value = new byte[length];
        in.readBytes(value);
        return value;
    }

    private static void writeRecord(final IndexRecord record, final ByteBuf out) {
        writeId(record.recordId(), out);
        out.writeLong(record.version()).writeLong(record.validFromMillis()).writeLong(record.validUntilMillis());
        final var payload = record.payload();
        out.writeShort(payload.length).writeBytes(payload);
    }

    private static IndexRecord readRecord(final ByteBuf in) throws KadCodecException {
        final var recordId = readId(in);
        final long version = in.readLong();
        final long validFrom = in.readLong();
        final long validUntil = in.readLong();
        final int length = in.readUnsignedShort();
        if (length > IndexRecord.MAX_PAYLOAD || length > in.readableBytes()) {
            throw new KadCodecException("index record payload of " + length + " bytes");
        }
        final var payload = new byte[length];
        in.readBytes(payload);
        return new IndexRecord(recordId, version, validFrom, validUntil, payload);
    }

    private static void writeId(final NodeId id, final ByteBuf out) {
        out.writeLong(id.high()).writeLong(id.low());
    }

    private static NodeId readId(final ByteBuf in) {
        return new NodeId(in.readLong(), in.readLong());
    }
}
