/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class NodeIdTest {
    @Test
    void idsAreEqualByTheirBitsAlone() {
        final var id = NodeId.ofAccessNode("dslam-1");
        final var same = new NodeId(id.high(), id.low());
        assertEquals(id, same);
        assertEquals(id.hashCode(), same.hashCode());
        assertNotEquals(id, new NodeId(id.high() ^ 1, id.low()));
        assertNotEquals(id, new NodeId(id.high(), id.low() ^ 1L << 63));
        assertNotEquals(new NodeId(1, 2).hashCode(), new NodeId(2, 1).hashCode());
        assertNotEquals(id, (Object) id.toString());
    }
}
