/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.cli;

import com.google.common.util.concurrent.ListenableFuture;
import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.CodingChunkCount;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataChunkCount;
import org.opendaylight.yangtools.yang.common.RpcError;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint8;

/**
 * A psp: command: it calls PSP's RPCs through MD-SAL, as RESTCONF and NETCONF do, so that its input is checked
 * and refused with the same messages. A refusal or a failure ends the command with the message, never a trace.
 */
abstract class PspAction implements Action {
    /** How long an operation may take: storing or encoding again a large node's sessions takes minutes. */
    private static final long TIMEOUT_MINUTES = 10;

    @Reference
    private RpcService rpcService;

    @Reference
    private Session session;

    /**
     * Returns where the command prints: the console of the session that runs it.
     *
     * @return the console
     */
    final PrintStream out() {
        return session.getConsole();
    }

    /**
     * Returns the RPCs.
     *
     * @return the MD-SAL RPC service
     */
    final RpcService rpcs() {
        return rpcService;
    }

    /**
     * Waits for an RPC's result.
     *
     * @param <O> the output
     * @param call the invoked RPC
     * @return its output
     * @throws CommandFailure with the RPC's error messages if it failed
     * @throws InterruptedException if interrupted (Ctrl-C)
     */
    static <O> O result(final ListenableFuture<RpcResult<O>> call) throws InterruptedException {
        final RpcResult<O> result;
        try {
            result = call.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new CommandFailure(String.valueOf(e.getCause().getMessage()), e);
        } catch (TimeoutException e) {
            throw new CommandFailure("no answer within " + TIMEOUT_MINUTES + " minutes", e);
        }
        if (!result.isSuccessful()) {
            throw new CommandFailure(result.getErrors().stream().map(RpcError::getMessage)
                .collect(Collectors.joining("; ")));
        }
        return result.getResult();
    }

    /**
     * Reads a whole-number argument.
     *
     * @param text the argument
     * @param name its name, for the message
     * @return the number
     * @throws CommandFailure if it is none
     */
    static long number(final String text, final String name) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CommandFailure(name + " must be a whole number, not '" + text + "'", e);
        }
    }

    /**
     * Reads an M argument, the data chunks of a stripe.
     *
     * @param text the argument
     * @return the count
     * @throws CommandFailure with psp.yang's message if it is out of range
     */
    static DataChunkCount dataChunks(final String text) {
        final long count = number(text, "M");
        if (count < 1 || count > 128) {
            throw new CommandFailure("data-chunks must be 1 to 128");
        }
        return new DataChunkCount(Uint8.valueOf(count));
    }

    /**
     * Reads a K argument, the coding chunks of a stripe.
     *
     * @param text the argument
     * @return the count
     * @throws CommandFailure with psp.yang's message if it is out of range
     */
    static CodingChunkCount codingChunks(final String text) {
        final long count = number(text, "K");
        if (count < 0 || count > 128) {
            throw new CommandFailure("coding-chunks must be 0 to 128");
        }
        return new CodingChunkCount(Uint8.valueOf(count));
    }

    /**
     * Reads an AN id argument.
     *
     * @param text the argument
     * @return the id
     * @throws CommandFailure naming what is wrong with it
     */
    static AnId anId(final String text) {
        if (text.isEmpty() || text.length() > 64) {
            throw new CommandFailure("an-id must have 1 to 64 characters");
        }
        try {
            return new AnId(text);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("an-id must start with a letter or digit and hold only letters, digits and "
                + ". _ : / -", e);
        }
    }
}
