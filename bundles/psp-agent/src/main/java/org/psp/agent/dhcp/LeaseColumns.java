/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.agent.dhcp;

import java.util.Arrays;
import java.util.List;

/**
 * Where the columns PSP reads are in a Kea lease file, from its header line. Kea versions differ in their columns
 * (older ones lack {@code state} and {@code user_context}), so a file is read by the names its header gives.
 *
 * @param count how many columns a line has
 * @param address the {@code address} column
 * @param hardwareAddress the {@code hwaddr} column
 * @param validLifetime the {@code valid_lifetime} column
 * @param expiry the {@code expire} column
 * @param subnetId the {@code subnet_id} column
 * @param state the {@code state} column, -1 if the file has none
 * @param userContext the {@code user_context} column, -1 if the file has none
 */
public record LeaseColumns(int count, int address, int hardwareAddress, int validLifetime, int expiry, int subnetId,
        int state, int userContext) {
    /** The columns of {@link KeaLease#HEADER}. */
    public static final LeaseColumns CURRENT = of(KeaLease.HEADER);

    /**
     * Reads a header line.
     *
     * @param header the file's first line
     * @return where the columns are
     * @throws IllegalArgumentException if a column PSP needs is missing: not a DHCPv4 lease file
     */
    public static LeaseColumns of(final String header) {
        final List<String> names = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        return new LeaseColumns(names.size(), required(names, "address"), required(names, "hwaddr"),
            required(names, "valid_lifetime"), required(names, "expire"), required(names, "subnet_id"),
            names.indexOf("state"), names.indexOf("user_context"));
    }

    private static int required(final List<String> names, final String name) {
        final int at = names.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("not a Kea DHCPv4 lease file: its header has no " + name + " column");
        }
        return at;
    }
}
