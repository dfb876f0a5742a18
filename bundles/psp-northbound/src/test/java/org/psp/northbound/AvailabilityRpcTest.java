/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.opendaylight.netconf.databind.RequestException;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityOutput;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.OpenProbability;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.CodingBuilder;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.ErrorTag;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.erasure.CodingParameters;

class AvailabilityRpcTest {
    private final AvailabilityRpc rpc = new AvailabilityRpc(() -> CodingParameters.DEFAULT);

    @Test
    void plansWithConfiguredCodingWhenInputOmitsIt() throws Exception {
        final var output = success(invoke(new AvailabilityInputBuilder().setNodeAvailability(pn("0.9"))
            .setTargetAvailability(pn("0.99999"))));
        assertEquals(16, output.getDataChunks().getValue().intValue());
        assertEquals(16, output.getCodingChunks().getValue().intValue());
        assertEquals(32, output.getHolderNodes().intValue());
        assertEquals("0.000000001282132585", output.getUnavailability().getValue().toString());
        assertEquals("0.999999998717867415", output.getAvailability().getValue().toString());
        assertEquals("8.892067", output.getNines().toString());
        assertEquals("2.0", output.getStorageOverhead().toString());
        assertEquals(10, output.getReplicationCopies().intValue());
        assertEquals(11, output.getCodingChunksForTarget().intValue());
    }

    @Test
    void inputOverridesConfiguredCoding() throws Exception {
        final var output = success(invoke(new AvailabilityInputBuilder().setNodeAvailability(pn("0.9"))
            .setDataChunks(new DataChunkCount(Uint8.ONE))));
        assertEquals(1, output.getDataChunks().getValue().intValue());
        assertEquals("0.00000000000000001", output.getUnavailability().getValue().toString());
        assertNull(output.getCodingChunksForTarget());
    }

    @Test
    void withoutHolderNodesTheTargetIsSoughtWithEveryChunkOnANodeOfItsOwn() throws Exception {
        // The coding asked for has fewer chunks than the answer: those are no bound on the nodes.
        final var output = success(invoke(new AvailabilityInputBuilder().setNodeAvailability(pn("0.9"))
            .setDataChunks(new DataChunkCount(Uint8.valueOf(16)))
            .setCodingChunks(new CodingChunkCount(Uint8.valueOf(4))).setTargetAvailability(pn("0.99999"))));
        assertEquals(20, output.getHolderNodes().intValue());
        assertEquals(11, output.getCodingChunksForTarget().intValue());
    }

    @Test
    void fewerHolderNodesThanChunksHoldSeveralEach() throws Exception {
        final var output = success(invoke(new AvailabilityInputBuilder().setNodeAvailability(pn("0.9"))
            .setHolderNodes(Uint16.valueOf(7)).setTargetAvailability(pn("0.99999"))));
        assertEquals(7, output.getHolderNodes().intValue());
        // Lost when fewer than 4 of the 7 are up: 3 of them hold at most 15 of the 32 chunks.
        assertEquals("0.002728", output.getUnavailability().getValue().toString());
        assertTrue(output.getCodingChunksForTarget().intValue() > 11);
        final var many = success(invoke(new AvailabilityInputBuilder().setNodeAvailability(pn("0.9"))
            .setHolderNodes(Uint16.valueOf(1000))));
        assertEquals(32, many.getHolderNodes().intValue());
        assertEquals("0.000000001282132585", many.getUnavailability().getValue().toString());
    }

    @Test
    void configuredCodingFollowsTheDatastoreWithYangDefaults() {
        assertEquals(CodingParameters.DEFAULT, AccessNodeSpec.coding(null));
        assertEquals(new CodingParameters(10, 16), AccessNodeSpec.coding(new CodingBuilder()
            .setDataChunks(new DataChunkCount(Uint8.valueOf(10))).build()));
    }

    @Test
    void missingNodeAvailabilityIsAnInvalidValue() {
        final var failure = assertThrows(ExecutionException.class,
            () -> rpc.invoke(new AvailabilityInputBuilder().build()).get());
        final var error = assertInstanceOf(RequestException.class, failure.getCause()).errors().get(0);
        assertEquals(ErrorTag.INVALID_VALUE, error.tag());
        assertEquals("node-availability is required", error.message().elementBody());
    }

    @Test
    void unreachableTargetLeavesTheAnswerOut() throws Exception {
        final var output = success(invoke(new AvailabilityInputBuilder().setNodeAvailability(pn("0.1"))
            .setDataChunks(new DataChunkCount(Uint8.valueOf(128))).setTargetAvailability(pn("0.999999"))));
        assertNull(output.getCodingChunksForTarget());
        assertTrue(output.getAvailability().getValue().decimalValue().signum() >= 0);
    }

    private RpcResult<AvailabilityOutput> invoke(final AvailabilityInputBuilder input)
            throws InterruptedException, ExecutionException {
        return rpc.invoke(input.build()).get();
    }

    private static AvailabilityOutput success(final RpcResult<AvailabilityOutput> result) {
        assertTrue(result.isSuccessful(), () -> "failed: " + result.getErrors());
        return result.getResult();
    }

    private static OpenProbability pn(final String value) {
        return new OpenProbability(Decimal64.valueOf(value).scaleTo(18));
    }
}
