/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.erasure;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.OptionalInt;

/**
 * Availability of data stored on unreliable nodes, after the PSP design.
 *
 * <p>With node availability Pn and independent nodes:
 * <ul>
 *   <li>erasure coding with m data and k coding chunks (n = m + k, each chunk on its own node) has
 *       {@code Pd = sum_{i=m..n} C(n,i) Pn^i (1-Pn)^(n-i)} and storage overhead n / m;</li>
 *   <li>the same chunks on fewer nodes, N &lt; n (a small access network), spread as evenly as they go — r = n mod N
 *       nodes hold q + 1 = floor(n / N) + 1 chunks, the other N - r hold q — have
 *       {@code Pd = sum over i <= r, j <= N - r with i (q + 1) + j q >= m of C(r,i) C(N-r,j) Pn^(i+j)
 *       (1-Pn)^(N-i-j)}: a node that is down takes all its chunks with it;</li>
 *   <li>replication with S copies has {@code Pd = 1 - (1-Pn)^(S-1)}.</li>
 * </ul>
 *
 * <p>All sums are taken in decimal arithmetic with 64 significant digits. Every term is positive, so no
 * cancellation occurs: the unavailability 1 - Pd, summed directly over i = 0 .. m - 1, is accurate to far more
 * than the 18 decimal places an answer carries, however small it is.
 */
public final class DataAvailability {
    private static final MathContext MC = new MathContext(64, RoundingMode.HALF_EVEN);
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final double LN_10 = Math.log(10);
    private static final double LN_2 = Math.log(2);
    /** Beyond this many copies the replication count is taken from logarithms alone. */
    private static final int EXACT_COPIES_LIMIT = 1_000;

    private DataAvailability() {
        // static methods only
    }

    /**
     * Plans the availability of a stripe.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param coding the stripe shape
     * @return the plan
     * @throws IllegalArgumentException if {@code nodeAvailability} is not strictly between 0 and 1
     */
    public static AvailabilityPlan plan(final BigDecimal nodeAvailability, final CodingParameters coding) {
        return plan(nodeAvailability, coding, coding.totalChunks());
    }

    /**
     * Plans the availability of a stripe whose chunks are spread as evenly as possible over some nodes.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param coding the stripe shape
     * @param holderNodes N, the nodes that hold the chunks, at least 1; from m + k on, each chunk has a node of its own
     * @return the plan
     * @throws IllegalArgumentException if {@code nodeAvailability} is not strictly between 0 and 1, or
     *     {@code holderNodes} is less than 1
     */
    public static AvailabilityPlan plan(final BigDecimal nodeAvailability, final CodingParameters coding,
            final int holderNodes) {
        checkProbability("node-availability", nodeAvailability);
        final var spread = ChunkSpread.of(coding, holderNodes);
        final var tails = tails(nodeAvailability, spread);
        final var unavailability = tails[0];
        final var availability = tails[1];
        final var overhead = BigDecimal.valueOf(coding.totalChunks())
            .divide(BigDecimal.valueOf(coding.dataChunks()), MC);
        return new AvailabilityPlan(coding, spread.nodes(), availability, unavailability, nines(unavailability),
            overhead, replicationCopies(nodeAvailability, availability, unavailability));
    }

    /**
     * Returns 1 - Pd of erasure coding: the probability that fewer than m of the m + k chunks are reachable.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param coding the stripe shape
     * @return {@code sum_{i=0..m-1} C(n,i) Pn^i (1-Pn)^(n-i)}
     */
    public static BigDecimal unavailability(final BigDecimal nodeAvailability, final CodingParameters coding) {
        return tails(nodeAvailability, ChunkSpread.of(coding, coding.totalChunks()))[0];
    }

    /**
     * Returns both tails of the distribution of reachable chunks, each summed directly so that neither loses digits
     * when the other is close to 1. Node counts up are summed per kind: i of the r nodes with q + 1 chunks and j of
     * the N - r with q.
     *
     * @return {1 - Pd, Pd}
     */
    private static BigDecimal[] tails(final BigDecimal nodeAvailability, final ChunkSpread spread) {
        checkProbability("node-availability", nodeAvailability);
        final int nodes = spread.nodes();
        final int larger = spread.largerNodes();
        final int smaller = nodes - larger;
        final var upPowers = powers(nodeAvailability, nodes);
        final var downPowers = powers(BigDecimal.ONE.subtract(nodeAvailability), nodes);
        final var largerWays = binomials(larger);
        final var smallerWays = binomials(smaller);
        var lower = BigDecimal.ZERO;
        var upper = BigDecimal.ZERO;
        for (int i = 0; i <= larger; i++) {
            for (int j = 0; j <= smaller; j++) {
                final var term = new BigDecimal(largerWays[i].multiply(smallerWays[j]))
                    .multiply(upPowers[i + j], MC).multiply(downPowers[nodes - i - j], MC);
                if (i * (spread.chunksPerNode() + 1) + j * spread.chunksPerNode() < spread.coding().dataChunks()) {
                    lower = lower.add(term, MC);
                } else {
                    upper = upper.add(term, MC);
                }
            }
        }
        return new BigDecimal[] {lower, upper};
    }

    /** {@code value^0 .. value^count}. */
    private static BigDecimal[] powers(final BigDecimal value, final int count) {
        final var powers = new BigDecimal[count + 1];
        powers[0] = BigDecimal.ONE;
        for (int e = 1; e <= count; e++) {
            powers[e] = powers[e - 1].multiply(value, MC);
        }
        return powers;
    }

    /** {@code C(total, 0) .. C(total, total)}. */
    private static BigInteger[] binomials(final int total) {
        final var binomials = new BigInteger[total + 1];
        binomials[0] = BigInteger.ONE;
        for (int i = 0; i < total; i++) {
            binomials[i + 1] = binomials[i].multiply(BigInteger.valueOf(total - i)).divide(BigInteger.valueOf(i + 1));
        }
        return binomials;
    }

    /**
     * Returns the availability of plain replication with a number of copies.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param copies S, at least 1
     * @return {@code 1 - (1-Pn)^(S-1)}
     */
    public static BigDecimal replicationAvailability(final BigDecimal nodeAvailability, final int copies) {
        checkProbability("node-availability", nodeAvailability);
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, was " + copies);
        }
        return BigDecimal.ONE.subtract(BigDecimal.ONE.subtract(nodeAvailability).pow(copies - 1, MC), MC);
    }

    /**
     * Returns the fewest copies S whose replication availability {@code 1 - (1-Pn)^(S-1)} reaches a target.
     *
     * <p>For the availability of an m + k stripe the answer is at most m + k + 1, since that many copies are lost
     * only when all m + k + 1 nodes are down; it is then found exactly.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param target the availability to reach, strictly between 0 and 1
     * @return S, exact up to {@value #EXACT_COPIES_LIMIT} copies and estimated from logarithms beyond
     */
    public static long replicationCopies(final BigDecimal nodeAvailability, final BigDecimal target) {
        checkProbability("node-availability", nodeAvailability);
        checkProbability("target availability", target);
        return replicationCopies(nodeAvailability, target, BigDecimal.ONE.subtract(target));
    }

    /**
     * Finds the smallest c = S - 1 with {@code (1-Pn)^c <= 1 - target}, comparing on the side of whichever of the
     * target and its complement is the smaller, more precisely known number.
     */
    private static long replicationCopies(final BigDecimal nodeAvailability, final BigDecimal target,
            final BigDecimal complement) {
        final var down = BigDecimal.ONE.subtract(nodeAvailability);
        final boolean targetIsHigh = complement.compareTo(target) < 0;
        final double lnComplement = targetIsHigh ? ln(complement) : Math.log1p(-target.doubleValue());
        final double estimate = lnComplement / ln(down);
        if (!(estimate < EXACT_COPIES_LIMIT)) {
            return estimate >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(estimate) + 1;
        }
        int exponent = Math.max(0, (int) estimate - 2);
        while (!(targetIsHigh ? down.pow(exponent).compareTo(complement) <= 0
                : BigDecimal.ONE.subtract(down.pow(exponent)).compareTo(target) >= 0)) {
            exponent++;
        }
        return exponent + 1L;
    }

    /**
     * Returns the fewest coding chunks with which {@code dataChunks} data chunks reach a target availability.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param dataChunks m, 1 to 256
     * @param target the target Pd, strictly between 0 and 1
     * @return the fewest k, or empty if no k up to 256 - m reaches the target
     */
    public static OptionalInt codingChunksForTarget(final BigDecimal nodeAvailability, final int dataChunks,
            final BigDecimal target) {
        return codingChunksForTarget(nodeAvailability, dataChunks, target, CodingParameters.MAX_CHUNKS);
    }

    /**
     * Returns the fewest coding chunks with which {@code dataChunks} data chunks, spread as evenly as possible over
     * at most {@code holderNodes} nodes, reach a target availability. More chunks never lower the availability, on
     * fewer nodes than chunks too: a chunk more on a node adds to every set of nodes it is in.
     *
     * @param nodeAvailability Pn, strictly between 0 and 1
     * @param dataChunks m, 1 to 256
     * @param target the target Pd, strictly between 0 and 1
     * @param holderNodes N, the nodes that can hold chunks, at least 1
     * @return the fewest k, or empty if no k up to 256 - m reaches the target
     */
    public static OptionalInt codingChunksForTarget(final BigDecimal nodeAvailability, final int dataChunks,
            final BigDecimal target, final int holderNodes) {
        checkProbability("target-availability", target);
        final var allowed = BigDecimal.ONE.subtract(target);
        int low = 0;
        int high = CodingParameters.MAX_CHUNKS - new CodingParameters(dataChunks, 0).dataChunks();
        if (!reaches(nodeAvailability, dataChunks, high, holderNodes, allowed)) {
            return OptionalInt.empty();
        }
        // Pd grows with k: find the first k that reaches the target.
        while (low < high) {
            final int mid = (low + high) >>> 1;
            if (reaches(nodeAvailability, dataChunks, mid, holderNodes, allowed)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return OptionalInt.of(low);
    }

    /**
     * Returns -log10 of a positive probability.
     *
     * @param unavailability 1 - Pd, positive
     * @return the number of nines of Pd
     */
    public static double nines(final BigDecimal unavailability) {
        return -ln(unavailability) / LN_10;
    }

    private static boolean reaches(final BigDecimal nodeAvailability, final int dataChunks, final int codingChunks,
            final int holderNodes, final BigDecimal allowedUnavailability) {
        final var spread = ChunkSpread.of(new CodingParameters(dataChunks, codingChunks), holderNodes);
        return tails(nodeAvailability, spread)[0].compareTo(allowedUnavailability) <= 0;
    }

    /**
     * Natural logarithm of a positive decimal, also far below the range of a double.
     */
    private static double ln(final BigDecimal value) {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("logarithm of a non-positive value " + value);
        }
        if (value.compareTo(HALF) > 0) {
            // Close to 1: log1p of the small complement keeps its digits.
            return Math.log1p(-BigDecimal.ONE.subtract(value).doubleValue());
        }
        final var unscaled = value.unscaledValue();
        final int shift = Math.max(0, unscaled.bitLength() - 62);
        return Math.log(unscaled.shiftRight(shift).doubleValue()) + shift * LN_2 - value.scale() * LN_10;
    }

    private static void checkProbability(final String name, final BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException(name + " must be strictly between 0 and 1, was "
                + value.toPlainString());
        }
    }
}
