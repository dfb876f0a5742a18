/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Contact;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Psp;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.PspBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.AccessNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.OverlayBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.StorageBuilder;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Uint16;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.psp.erasure.CodingParameters;

class AccessNodeSpecTest {
    private static final String KEY = "an overlay key of the unit test";

    @Test
    void theOverlayAndStorageSettingsReachEveryAgentAndAbsentOnesTakeTheDefaults() {
        final var psp = psp(new OverlayBuilder().setKey(KEY).setBucketSize(Uint8.valueOf(8)).setAlpha(Uint8.valueOf(5))
            .setMinTimeoutMs(Uint16.valueOf(50)).setMaxTimeoutMs(Uint16.valueOf(4000)));
        final var spec = AccessNodeSpec.of(psp, new CodingParameters(10, 4)).get("olt-1");
        final var kad = spec.config().kad();
        assertEquals(8, kad.bucketSize());
        assertEquals(5, kad.alpha());
        assertEquals(Duration.ofMillis(50), kad.minTimeout());
        assertEquals(Duration.ofSeconds(4), kad.maxTimeout());
        assertEquals(new CodingParameters(10, 4), spec.config().coding());
        assertEquals(Duration.ofSeconds(600), spec.config().storingTime());
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 4001)), spec.bootstrap());
        assertEquals(25, spec.sampleSessions());

        final var defaults = AccessNodeSpec.of(psp(new OverlayBuilder().setKey(KEY)), CodingParameters.DEFAULT)
            .get("olt-1").config().kad();
        assertEquals(Duration.ofMillis(100), defaults.minTimeout());
        assertEquals(Duration.ofSeconds(1), defaults.maxTimeout());
        assertEquals(10, defaults.bucketSize());
    }

    @Test
    void onlyACodingChangeLeavesTheAgentRunning() {
        final var before = AccessNodeSpec.of(psp(new OverlayBuilder().setKey(KEY)), CodingParameters.DEFAULT)
            .get("olt-1");
        assertFalse(before.needsRestartFor(AccessNodeSpec.of(psp(new OverlayBuilder().setKey(KEY)),
            new CodingParameters(8, 8)).get("olt-1")));
        assertTrue(before.needsRestartFor(AccessNodeSpec.of(psp(new OverlayBuilder().setKey(KEY)
            .setMaxTimeoutMs(Uint16.valueOf(2000))), CodingParameters.DEFAULT).get("olt-1")));
    }

    @Test
    void accessNodesWithoutAnOverlayKeyAreRefusedWithTheReason() {
        final var failure = assertThrows(IllegalArgumentException.class, () -> AccessNodeSpec.of(
            psp(new OverlayBuilder()), CodingParameters.DEFAULT));
        assertEquals("set /psp:psp/overlay/key to start access nodes", failure.getMessage());
    }

    private static Psp psp(final OverlayBuilder overlay) {
        return new PspBuilder()
            .setOverlay(overlay.build())
            .setStorage(new StorageBuilder().setStoringTimeSeconds(Uint32.valueOf(600)).build())
            .setAccessNode(BindingMap.of(new AccessNodeBuilder().setAnId(new AnId("olt-1"))
                .setBootstrap(List.of(new Contact("127.0.0.1:4001"))).setSampleSessions(Uint32.valueOf(25))
                .build()))
            .build();
    }
}
