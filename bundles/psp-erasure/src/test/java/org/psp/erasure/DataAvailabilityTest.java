/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataAvailabilityTest {
    private static final BigDecimal PN_09 = new BigDecimal("0.9");

    @Test
    void paperExampleSixteenPlusSixteen() {
        final var plan = DataAvailability.plan(PN_09, new CodingParameters(16, 16));
        assertEquals("1.28213E-9", plan.unavailability().round(new MathContext(6)).toString());
        assertEquals(0, plan.availability().add(plan.unavailability()).compareTo(BigDecimal.ONE));
        assertEquals(10, plan.replicationCopies());
        assertEquals(0, plan.storageOverhead().compareTo(new BigDecimal(2)));
        assertEquals(8.892, plan.nines(), 0.001);
    }

    @Test
    void paperExampleTargetFiveNines() {
        assertEquals(OptionalInt.of(11),
            DataAvailability.codingChunksForTarget(PN_09, 16, new BigDecimal("0.99999")));
    }

    @Test
    void replicationWithSixCopiesGivesExactlyFiveNines() {
        assertEquals(0, DataAvailability.replicationAvailability(PN_09, 6).compareTo(new BigDecimal("0.99999")));
        // ... and six copies are therefore exactly what five nines need.
        assertEquals(6, DataAvailability.replicationCopies(PN_09, new BigDecimal("0.99999")));
        assertEquals(7, DataAvailability.replicationCopies(PN_09, new BigDecimal("0.9999901")));
    }

    @Test
    void oneDataChunkIsReplication() {
        // m = 1, k = 5: six copies, lost only when all six are down.
        final var plan = DataAvailability.plan(PN_09, new CodingParameters(1, 5));
        assertEquals(0, plan.unavailability().compareTo(new BigDecimal("0.000001")));
        assertEquals(7, plan.replicationCopies());
    }

    @Test
    void noTargetReachableUpToTheFieldSize() {
        assertEquals(OptionalInt.empty(),
            DataAvailability.codingChunksForTarget(new BigDecimal("0.1"), 128, new BigDecimal("0.999999")));
    }

    @Test
    void tinyUnavailabilityKeepsItsDigits() {
        // Pn = 0.999, m = 4, k = 12: 1 - Pd is about C(16,13) 1e-39, far below what 1 - Pd in doubles resolves.
        final var plan = DataAvailability.plan(new BigDecimal("0.999"), new CodingParameters(4, 12));
        final var exact = exactUnavailability(new BigDecimal("0.999"), 4, 12);
        assertRelativelyEqual(exact, plan.unavailability());
        assertEquals(-Math.log10(exact.doubleValue()), plan.nines(), 1e-9);
    }

    @Test
    void extremeNodeAvailabilitiesStayFinite() {
        final var nearlyAlwaysUp = DataAvailability.plan(new BigDecimal("0.999999999999999999"),
            new CodingParameters(128, 128));
        assertTrue(nearlyAlwaysUp.unavailability().signum() > 0);
        assertTrue(nearlyAlwaysUp.nines() > 2200, "nines " + nearlyAlwaysUp.nines());
        final var nearlyAlwaysDown = DataAvailability.plan(new BigDecimal("0.000000000000000001"),
            new CodingParameters(16, 16));
        assertTrue(nearlyAlwaysDown.availability().signum() > 0);
        assertTrue(nearlyAlwaysDown.availability().compareTo(new BigDecimal("6E-280")) > 0);
        // Two copies (availability Pn) beat a stripe that needs 16 nodes up at once.
        assertEquals(2, nearlyAlwaysDown.replicationCopies());
    }

    @ParameterizedTest
    @CsvSource({
        "1, 0", "1, 1", "2, 1", "4, 2", "8, 8", "10, 4", "16, 16", "17, 3", "32, 32", "100, 50", "128, 128",
        "200, 56"
    })
    void matchesExactRationalSums(final int dataChunks, final int codingChunks) {
        for (var pn : new String[] {"0.5", "0.9", "0.95", "0.99", "0.123456789", "0.999999"}) {
            final var nodeAvailability = new BigDecimal(pn);
            final var plan = DataAvailability.plan(nodeAvailability, new CodingParameters(dataChunks, codingChunks));
            final var exact = exactUnavailability(nodeAvailability, dataChunks, codingChunks);
            assertRelativelyEqual(exact, plan.unavailability());
            assertRelativelyEqual(BigDecimal.ONE.subtract(exact), plan.availability());
            // Replication: S copies reach it, S - 1 do not.
            final long copies = plan.replicationCopies();
            assertTrue(exactReplicationUnavailability(nodeAvailability, copies).compareTo(exact) <= 0);
            if (copies > 1) {
                assertTrue(exactReplicationUnavailability(nodeAvailability, copies - 1).compareTo(exact) > 0);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0.9, 16, 0.99999", "0.9, 16, 0.9", "0.5, 10, 0.999", "0.99, 4, 0.999999999", "0.75, 1, 0.5"})
    void targetSearchFindsTheFewestCodingChunks(final String pn, final int dataChunks, final String target) {
        final var nodeAvailability = new BigDecimal(pn);
        final var goal = new BigDecimal(target);
        final int found = DataAvailability.codingChunksForTarget(nodeAvailability, dataChunks, goal).orElseThrow();
        assertTrue(BigDecimal.ONE.subtract(exactUnavailability(nodeAvailability, dataChunks, found))
            .compareTo(goal) >= 0);
        if (found > 0) {
            assertTrue(BigDecimal.ONE.subtract(exactUnavailability(nodeAvailability, dataChunks, found - 1))
                .compareTo(goal) < 0);
        }
    }

    @Test
    void rejectsBadParametersWithClearMessages() {
        assertMessage("node-availability must be strictly between 0 and 1, was 1.5",
            () -> DataAvailability.plan(new BigDecimal("1.5"), new CodingParameters(16, 16)));
        assertMessage("node-availability must be strictly between 0 and 1, was 0",
            () -> DataAvailability.plan(BigDecimal.ZERO, new CodingParameters(16, 16)));
        assertMessage("node-availability must be strictly between 0 and 1, was 1",
            () -> DataAvailability.plan(BigDecimal.ONE, new CodingParameters(16, 16)));
        assertMessage("node-availability is required",
            () -> DataAvailability.plan(null, new CodingParameters(16, 16)));
        assertMessage("data-chunks must be at least 1, was 0", () -> new CodingParameters(0, 16));
        assertMessage("coding-chunks must not be negative, was -1", () -> new CodingParameters(16, -1));
        assertMessage("data-chunks + coding-chunks must not exceed 256, was 150 + 150 = 300",
            () -> new CodingParameters(150, 150));
        assertMessage("target-availability must be strictly between 0 and 1, was 1",
            () -> DataAvailability.codingChunksForTarget(PN_09, 16, BigDecimal.ONE));
        assertMessage("copies must be at least 1, was 0", () -> DataAvailability.replicationAvailability(PN_09, 0));
        assertMessage("target availability must be strictly between 0 and 1, was -0.1",
            () -> DataAvailability.replicationCopies(PN_09, new BigDecimal("-0.1")));
    }

    @Test
    void sixteenPlusSixteenOnSevenNodesIsLostWithFourOfThem() {
        // An access network of eight: an owner's 32 chunks on the 7 others, 5, 5, 5, 5, 4, 4 and 4 of them. Any 4
        // nodes up hold at least 16 chunks, any 3 at most 15: Pd is the chance that at least 4 of 7 are up.
        final var plan = DataAvailability.plan(PN_09, new CodingParameters(16, 16), 7);
        assertEquals(7, plan.holderNodes());
        var lost = BigDecimal.ZERO;
        for (int up = 0; up < 4; up++) {
            lost = lost.add(new BigDecimal(choose(7, up)).multiply(PN_09.pow(up)).multiply(new BigDecimal("0.1")
                .pow(7 - up)));
        }
        assertEquals("0.0027280", lost.toPlainString());
        assertRelativelyEqual(lost, plan.unavailability());
        assertEquals(0, plan.availability().add(plan.unavailability()).compareTo(BigDecimal.ONE));
        assertEquals(2.564, plan.nines(), 0.001);
    }

    @ParameterizedTest
    @CsvSource({"0.9, 4, 2, 1", "0.9, 4, 2, 4", "0.5, 3, 4, 3", "0.99, 5, 5, 6", "0.7, 2, 9, 5", "0.9, 6, 1, 2"})
    void chunksOnFewerNodesAgreeWithEveryNodeSetCounted(final BigDecimal pn, final int dataChunks,
            final int codingChunks, final int nodes) {
        final int total = dataChunks + codingChunks;
        final var held = new int[nodes];
        for (int chunk = 0; chunk < total; chunk++) {
            held[chunk % nodes]++;
        }
        var lost = BigDecimal.ZERO;
        for (int upSet = 0; upSet < 1 << nodes; upSet++) {
            int chunks = 0;
            for (int node = 0; node < nodes; node++) {
                chunks += (upSet >> node & 1) * held[node];
            }
            if (chunks < dataChunks) {
                final int up = Integer.bitCount(upSet);
                lost = lost.add(pn.pow(up).multiply(BigDecimal.ONE.subtract(pn).pow(nodes - up)));
            }
        }
        final var plan = DataAvailability.plan(pn, new CodingParameters(dataChunks, codingChunks), nodes);
        assertRelativelyEqual(lost, plan.unavailability());
    }

    @Test
    void atLeastOneNodePerChunkIsTheBinomialOfEquationTwo() {
        final var coding = new CodingParameters(16, 16);
        final var binomial = DataAvailability.plan(PN_09, coding);
        assertEquals(32, binomial.holderNodes());
        assertEquals(binomial, DataAvailability.plan(PN_09, coding, 32));
        assertEquals(binomial, DataAvailability.plan(PN_09, coding, 4000));
    }

    @Test
    void theTargetOnFewerNodesNeedsMoreCodingChunks() {
        final var target = new BigDecimal("0.99999");
        // On 7 nodes a node down takes 4 or 5 chunks with it: 16 data chunks need more coding than the 11 of eq. 2.
        final int found = DataAvailability.codingChunksForTarget(PN_09, 16, target, 7).orElseThrow();
        assertTrue(found > 11, "found " + found);
        assertTrue(DataAvailability.plan(PN_09, new CodingParameters(16, found), 7).availability()
            .compareTo(target) >= 0);
        assertTrue(DataAvailability.plan(PN_09, new CodingParameters(16, found - 1), 7).availability()
            .compareTo(target) < 0);
        // One node up of three cannot hold 200 data chunks' worth: no coding reaches it.
        assertEquals(OptionalInt.empty(), DataAvailability.codingChunksForTarget(new BigDecimal("0.5"), 200,
            target, 3));
    }

    @Test
    void holderNodesMustBeAtLeastOne() {
        assertMessage("holder-nodes must be at least 1, was 0",
            () -> DataAvailability.plan(PN_09, new CodingParameters(16, 16), 0));
    }

    private static void assertMessage(final String expected, final Runnable action) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, action::run).getMessage());
    }

    private static void assertRelativelyEqual(final BigDecimal expected, final BigDecimal actual) {
        final var error = expected.subtract(actual).abs();
        assertTrue(error.compareTo(expected.abs().movePointLeft(40)) <= 0,
            () -> "expected " + expected + " but was " + actual);
    }

    /** The lower tail as an exact fraction: Pn = a / b, every term over b^n. */
    private static BigDecimal exactUnavailability(final BigDecimal pn, final int dataChunks, final int codingChunks) {
        final int total = dataChunks + codingChunks;
        final BigInteger a = pn.unscaledValue();
        final BigInteger b = BigInteger.TEN.pow(pn.scale());
        final BigInteger c = b.subtract(a);
        var numerator = BigInteger.ZERO;
        for (int i = 0; i < dataChunks; i++) {
            numerator = numerator.add(choose(total, i).multiply(a.pow(i)).multiply(c.pow(total - i)));
        }
        // b is a power of ten, so the quotient is an exact decimal.
        return new BigDecimal(numerator).divide(new BigDecimal(b.pow(total)));
    }

    private static BigDecimal exactReplicationUnavailability(final BigDecimal pn, final long copies) {
        return BigDecimal.ONE.subtract(pn).pow(Math.toIntExact(copies - 1));
    }

    private static BigInteger choose(final int total, final int chosen) {
        var result = BigInteger.ONE;
        for (int i = 0; i < chosen; i++) {
            result = result.multiply(BigInteger.valueOf(total - i)).divide(BigInteger.valueOf(i + 1));
        }
        return result;
    }
}
