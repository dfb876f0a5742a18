/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One Kad message: a request or the response to one, with the sender's id and ports.
 *
 * @param requestId pairs a response with its request
 * @param sender the sending node's id
 * @param tcpPort the sending node's TCP port for chunk transfers
 * @param timestampMillis when it was sent (epoch milliseconds), checked against a window to drop replays
 * @param body what the message says
 */
public record KadMessage(long requestId, NodeId sender, int tcpPort, long timestampMillis, Body body) {
    /**
     * Largest value a STORE or VALUE message carries in a UDP datagram, so that the datagram stays below 1,200
     * bytes; larger values travel over TCP.
     */
    public static final int MAX_DATAGRAM_VALUE = 1024;
    /** Largest value at all: a chunk of up to 16 MiB and its header. */
    public static final int MAX_VALUE_LENGTH = (16 << 20) + 4096;
    /** Most contacts in a NODES message. */
    public static final int MAX_CONTACTS = 20;
    /** Longest a RESERVE holds room: a placement writes within seconds. */
    public static final int MAX_HOLD_SECONDS = 300;
    /** The longest reason a refusal carries, in bytes of UTF-8; a longer one is cut. */
    public static final int MAX_REASON_BYTES = 255;

    /**
     * Checks the components.
     */
    public KadMessage {
        requireNonNull(sender);
        requireNonNull(body);
    }

    /** What a message says; each kind has its own type code on the wire. */
    public sealed interface Body {
        /**
         * Returns the type code of this kind of message.
         *
         * @return the code
         */
        int type();
    }

    /** Are you there. */
    public record Ping() implements Body {
        @Override
        public int type() {
            return 1;
        }
    }

    /** I am. */
    public record Pong() implements Body {
        @Override
        public int type() {
            return 2;
        }
    }

    /**
     * Which nodes do you know closest to the target.
     *
     * @param target the target id
     */
    public record FindNode(NodeId target) implements Body {
        public FindNode {
            requireNonNull(target);
        }

        @Override
        public int type() {
            return 3;
        }
    }

    /**
     * The closest nodes the responder knows.
     *
     * @param contacts up to {@link #MAX_CONTACTS} contacts
     */
    public record Nodes(List<Contact> contacts) implements Body {
        public Nodes {
            contacts = checkContacts(contacts);
        }

        @Override
        public int type() {
            return 4;
        }
    }

    /**
     * The value under a key, or the closest nodes.
     *
     * @param key the key
     */
    public record FindValue(NodeId key) implements Body {
        public FindValue {
            requireNonNull(key);
        }

        @Override
        public int type() {
            return 5;
        }
    }

    /**
     * The value under a key.
     *
     * @param key the key
     * @param value the value
     */
    public record Value(NodeId key, byte[] value) implements Body {
        public Value {
            requireNonNull(key);
            checkValue(value);
        }

        @Override
        public int type() {
            return 6;
        }
    }

    /**
     * Keep this value under this key for a storing time.
     *
     * @param key the key
     * @param value the value
     * @param storingSeconds how long to keep it unless extended; 0 for the holder's default
     */
    public record Store(NodeId key, byte[] value, int storingSeconds) implements Body {
        public Store {
            requireNonNull(key);
            checkValue(value);
            checkStoringSeconds(storingSeconds);
        }

        @Override
        public int type() {
            return 7;
        }
    }

    /**
     * Set this many bytes aside for a value under this key, for a short while: the first step of a placement that
     * writes only once every chunk has a place. Answered with {@link StoreResult}; a STORE under the key uses the
     * room, and room never used is free again when the hold ends.
     *
     * @param key the key the value will be stored under
     * @param bytes the value's length, 1 to {@link #MAX_VALUE_LENGTH}
     * @param holdSeconds how long to hold the room, 1 to {@link #MAX_HOLD_SECONDS}
     * @param placerGiven the placer's account: the bytes it gave others (held for them, repaired for them), weighted
     * @param placerTaken the bytes others gave it, weighted; a holder may refuse a placer that takes far more than it
     *     gives
     * @param placerAllowance the bytes the placer may take whatever it gives: what it lends, unless set otherwise
     */
    public record Reserve(NodeId key, int bytes, int holdSeconds, long placerGiven, long placerTaken,
            long placerAllowance) implements Body {
        public Reserve {
            requireNonNull(key);
            if (placerGiven < 0 || placerTaken < 0 || placerAllowance < 0) {
                throw new IllegalArgumentException("a placer's account of " + placerGiven + " bytes given, "
                    + placerTaken + " taken and " + placerAllowance + " allowed");
            }
            if (bytes < 1 || bytes > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("a reservation of " + bytes + " bytes, not 1 to "
                    + MAX_VALUE_LENGTH);
            }
            if (holdSeconds < 1 || holdSeconds > MAX_HOLD_SECONDS) {
                throw new IllegalArgumentException("a reservation held " + holdSeconds + " s, not 1 to "
                    + MAX_HOLD_SECONDS);
            }
        }

        @Override
        public int type() {
            return 20;
        }
    }

    /**
     * Whether a value was stored.
     *
     * @param accepted true if it was
     * @param reason why not, empty if it was
     */
    public record StoreResult(boolean accepted, String reason) implements Body {
        public StoreResult {
            reason = cutReason(reason);
        }

        @Override
        public int type() {
            return 8;
        }
    }

    /**
     * I hold the value under this key, but it is too large for a datagram: fetch it over TCP.
     *
     * @param key the key
     * @param length the value's length
     */
    public record HasValue(NodeId key, int length) implements Body {
        public HasValue {
            requireNonNull(key);
        }

        @Override
        public int type() {
            return 11;
        }
    }

    /**
     * Delete the value under this key.
     *
     * @param key the key
     */
    public record Delete(NodeId key) implements Body {
        public Delete {
            requireNonNull(key);
        }

        @Override
        public int type() {
            return 9;
        }
    }

    /**
     * Keep the value under this key at least this long from now.
     *
     * @param key the key
     * @param storingSeconds the storing time from now, at least 1 second
     */
    public record Extend(NodeId key, int storingSeconds) implements Body {
        public Extend {
            requireNonNull(key);
            checkStoringSeconds(storingSeconds);
            if (storingSeconds == 0) {
                throw new IllegalArgumentException("an extension needs a storing time");
            }
        }

        @Override
        public int type() {
            return 12;
        }
    }

    /**
     * Make the value deleted under this key visible again, within the holder's grace period.
     *
     * @param key the key
     */
    public record Undelete(NodeId key) implements Body {
        public Undelete {
            requireNonNull(key);
        }

        @Override
        public int type() {
            return 13;
        }
    }

    /**
     * The answer to DELETE, EXTEND and UNDELETE.
     *
     * @param done true if the responder held the value and did what was asked
     */
    public record Ack(boolean done) implements Body {
        @Override
        public int type() {
            return 10;
        }
    }

    /**
     * An administrative command for the node's owner (the access-node agent), opaque to the overlay; it travels over
     * TCP only, as commands may take long and must not be repeated by a datagram retry.
     *
     * @param request the command, in the owner's encoding
     */
    public record Command(byte[] request) implements Body {
        public Command {
            checkValue(request);
        }

        @Override
        public int type() {
            return 14;
        }
    }

    /**
     * The owner's answer to a command.
     *
     * @param response the answer, in the owner's encoding
     */
    public record CommandResult(byte[] response) implements Body {
        public CommandResult {
            checkValue(response);
        }

        @Override
        public int type() {
            return 15;
        }
    }

    /**
     * Keep this index record under this key for a storing time, if you are one of the given number of members closest
     * to the key that you know (or in any case); answered with {@link IndexStored}. Sent as the queries of the lookup
     * that finds the key's closest nodes, it stores the record on them as it finds them.
     *
     * @param key the keyword's hash
     * @param record the record
     * @param storingSeconds how long to keep it unless stored again, at least 1 second
     * @param replicas on how many of the closest nodes the record is kept, at most 255; 0 to keep it in any case
     */
    public record IndexPut(NodeId key, IndexRecord record, int storingSeconds, int replicas) implements Body {
        public IndexPut {
            requireNonNull(key);
            requireNonNull(record);
            checkStoringSeconds(storingSeconds);
            if (storingSeconds == 0) {
                throw new IllegalArgumentException("an index record needs a storing time");
            }
            if (replicas < 0 || replicas > 255) {
                throw new IllegalArgumentException("replicas must be within 0..255, not " + replicas);
            }
        }

        /**
         * Returns this request to keep the record in any case.
         *
         * @return the unconditional request
         */
        public IndexPut unconditional() {
            return new IndexPut(key, record, storingSeconds, 0);
        }

        @Override
        public int type() {
            return 16;
        }
    }

    /**
     * The answer to {@link IndexPut}: whether the record is kept, and the closest members to its key the node knows
     * (none for an unconditional request), as {@link Nodes} lists them.
     *
     * @param kept whether the node keeps the record
     * @param reason why not, if it does not: empty when it knows enough members closer to the key
     * @param closest the closest members to the key it knows, at most {@link #MAX_CONTACTS}
     */
    public record IndexStored(boolean kept, String reason, List<Contact> closest) implements Body {
        public IndexStored {
            reason = cutReason(reason);
            closest = checkContacts(closest);
        }

        @Override
        public int type() {
            return 19;
        }
    }

    /**
     * Which index records under this key began at or before an instant; answered with {@link IndexRecords}. Sent as
     * the queries of the lookup that finds the key's closest nodes, it gathers their records as it finds them.
     *
     * @param key the keyword's hash
     * @param atMillis the instant (epoch milliseconds)
     * @param replicas on how many of the closest nodes records are kept, at most 255: the answer lists twice as many
     *     of the closest members the node knows
     */
    public record IndexFind(NodeId key, long atMillis, int replicas) implements Body {
        public IndexFind {
            requireNonNull(key);
            if (replicas < 1 || replicas > 255) {
                throw new IllegalArgumentException("replicas must be within 1..255, not " + replicas);
            }
        }

        @Override
        public int type() {
            return 17;
        }
    }

    /**
     * The index records a node holds under a key, the latest beginning first, as many as fit in a datagram, and the
     * closest members to the key it knows, as {@link Nodes} lists them.
     *
     * @param key the keyword's hash
     * @param records the records
     * @param closest the closest members to the key it knows, at most {@link #MAX_CONTACTS}
     */
    public record IndexRecords(NodeId key, List<IndexRecord> records, List<Contact> closest) implements Body {
        public IndexRecords {
            requireNonNull(key);
            records = List.copyOf(records);
            if (records.stream().mapToInt(IndexRecord::encodedLength).sum() > MAX_DATAGRAM_VALUE) {
                throw new IllegalArgumentException("index records exceed " + MAX_DATAGRAM_VALUE + " bytes");
            }
            closest = checkContacts(closest);
        }

        @Override
        public int type() {
            return 18;
        }
    }

    /** Copies a list of contacts that an answer carries, at most {@link #MAX_CONTACTS}. */
    /**
     * Cuts a refusal's reason to what the wire carries, {@value #MAX_REASON_BYTES} bytes of UTF-8, at a character's
     * end, so that it arrives as sent.
     */
    private static String cutReason(final String reason) {
        requireNonNull(reason);
        if (reason.length() * 3 <= MAX_REASON_BYTES) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            final int codePoint = reason.codePointAt(end);
            final int length = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + length > MAX_REASON_BYTES) {
                break;
            }
            bytes += length;
            end += Character.charCount(codePoint);
        }
        return reason.substring(0, end);
    }

    private static List<Contact> checkContacts(final List<Contact> contacts) {
        final var copy = List.copyOf(contacts);
        if (copy.size() > MAX_CONTACTS) {
            throw new IllegalArgumentException("at most " + MAX_CONTACTS + " contacts, not " + copy.size());
        }
        return copy;
    }

    private static void checkStoringSeconds(final int storingSeconds) {
        if (storingSeconds < 0) {
            throw new IllegalArgumentException("negative storing time " + storingSeconds);
        }
    }

    private static void checkValue(final byte[] value) {
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds the limit of "
                + MAX_VALUE_LENGTH);
        }
    }
}
