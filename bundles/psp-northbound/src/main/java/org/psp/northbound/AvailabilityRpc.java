/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static java.util.Objects.requireNonNull;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.Supplier;
import org.opendaylight.netconf.databind.RequestException;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Availability;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityInput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityOutput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityOutputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.OpenProbability;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Probability;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.ErrorType;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.RpcResultBuilder;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.erasure.CodingParameters;
import org.psp.erasure.DataAvailability;

/**
 * The {@code psp:availability} RPC: the availability planner of the PSP design. Invalid input fails the call with
 * an {@code invalid-value} error naming the offending leaf, which RESTCONF reports as 400 and NETCONF as rpc-error.
 */
final class AvailabilityRpc implements Availability {
    private final Supplier<CodingParameters> configuredCoding;

    /**
     * Creates the RPC.
     *
     * @param configuredCoding the coding parameters used for absent data-chunks and coding-chunks
     */
    AvailabilityRpc(final Supplier<CodingParameters> configuredCoding) {
        this.configuredCoding = requireNonNull(configuredCoding);
    }

    @Override
    public ListenableFuture<RpcResult<AvailabilityOutput>> invoke(final AvailabilityInput input) {
        try {
            return RpcResultBuilder.success(plan(input)).buildFuture();
        } catch (IllegalArgumentException e) {
            // A failed future, not a failed RpcResult: the NETCONF server turns only the former into an rpc-error,
            // and RESTCONF answers this exception with 400 and its message.
            return Futures.immediateFailedFuture(
                new RequestException(ErrorType.PROTOCOL, ErrorTag.INVALID_VALUE, e.getMessage()));
        }
    }

    private AvailabilityOutput plan(final AvailabilityInput input) {
        final var configured = configuredCoding.get();
        final var dataChunks = input.getDataChunks();
        final var codingChunks = input.getCodingChunks();
        final var coding = new CodingParameters(
            dataChunks != null ? dataChunks.getValue().intValue() : configured.dataChunks(),
            codingChunks != null ? codingChunks.getValue().intValue() : configured.codingChunks());
        final var nodeAvailability = decimal(input.getNodeAvailability(), "node-availability");
        final var holderNodes = input.getHolderNodes();
        // Absent: as many nodes as any stripe has chunks, so that each chunk has one of its own, for every k tried too.
        final int nodes = holderNodes != null ? holderNodes.intValue() : CodingParameters.MAX_CHUNKS;
        final var plan = DataAvailability.plan(nodeAvailability, coding, nodes);

        final var output = new AvailabilityOutputBuilder()
            .setDataChunks(new DataChunkCount(Uint8.valueOf(coding.dataChunks())))
            .setCodingChunks(new CodingChunkCount(Uint8.valueOf(coding.codingChunks())))
            .setHolderNodes(Uint16.valueOf(plan.holderNodes()))
            .setAvailability(probability(plan.availability()))
            .setUnavailability(probability(plan.unavailability()))
            .setNines(Decimal64.valueOf(BigDecimal.valueOf(plan.nines()).setScale(6, RoundingMode.HALF_EVEN)))
            .setStorageOverhead(Decimal64.valueOf(plan.storageOverhead().setScale(6, RoundingMode.HALF_EVEN)))
            .setReplicationCopies(Uint64.valueOf(plan.replicationCopies()));
        final var target = input.getTargetAvailability();
        if (target != null) {
            DataAvailability.codingChunksForTarget(nodeAvailability, coding.dataChunks(),
                    decimal(target, "target-availability"), nodes)
                .ifPresent(found -> output.setCodingChunksForTarget(Uint8.valueOf(found)));
        }
        return output.build();
    }

    private static BigDecimal decimal(final OpenProbability value, final String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.getValue().decimalValue();
    }

    private static Probability probability(final BigDecimal value) {
        return new Probability(Decimal64.valueOf(value.setScale(18, RoundingMode.HALF_EVEN)));
    }
}
