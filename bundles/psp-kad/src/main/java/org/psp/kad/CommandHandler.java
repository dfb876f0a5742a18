/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.kad;

import java.util.concurrent.CompletableFuture;

/**
 * Runs the administrative commands that reach a node over the overlay, authenticated like every Kad message; the
 * node's owner installs one with {@link KadNode#serveCommands(CommandHandler)}.
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * Runs a command.
     *
     * @param origin who sent it
     * @param request the command, in the owner's encoding
     * @return completes with the answer, in the owner's encoding; errors belong in the answer, a failed future only
     *     tells the caller that the command could not run
     */
    CompletableFuture<byte[]> handle(CommandOrigin origin, byte[] request);
}
