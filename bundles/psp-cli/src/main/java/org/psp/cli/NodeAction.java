/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;

/**
 * A psp: command on one access node, named by its first argument.
 */
abstract class NodeAction extends PspAction {
    @Argument(index = 0, name = "an-id", required = true, description = "The access node")
    @Completion(AnIdCompleter.class)
    private String anIdArgument;

    /**
     * Returns the access node the command is for.
     *
     * @return its id
     * @throws CommandFailure if the argument is no AN id
     */
    final AnId node() {
        return anId(anIdArgument);
    }
}
