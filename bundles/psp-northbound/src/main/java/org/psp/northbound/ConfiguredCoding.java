/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.northbound;

import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.DataListener;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.Psp;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261122.psp.Coding;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.concepts.Registration;
import org.psp.erasure.CodingParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coding parameters configured at {@code /psp:psp/coding}, kept current by a listener on the configuration
 * datastore, with the YANG defaults for absent leaves.
 */
final class ConfiguredCoding implements DataListener<Coding>, AutoCloseable {
    static final DataObjectIdentifier<Coding> PATH = DataObjectIdentifier.builder(Psp.class).child(Coding.class)
        .build();

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredCoding.class);

    private final Registration registration;
    private volatile CodingParameters current = CodingParameters.DEFAULT;

    ConfiguredCoding(final DataBroker dataBroker) {
        registration = dataBroker.registerDataListener(LogicalDatastoreType.CONFIGURATION, PATH, this);
    }

    /**
     * Returns the coding parameters in force.
     *
     * @return the configured parameters
     */
    CodingParameters current() {
        return current;
    }

    @Override
    public void dataChangedTo(final Coding data) {
        final var previous = current;
        current = toParameters(data);
        if (!current.equals(previous)) {
            LOG.info("PSP coding is now {} data + {} coding chunks", current.dataChunks(), current.codingChunks());
        }
    }

    @Override
    public void close() {
        registration.close();
    }

    static CodingParameters toParameters(final Coding data) {
        if (data == null) {
            return CodingParameters.DEFAULT;
        }
        final var dataChunks = data.getDataChunks();
        final var codingChunks = data.getCodingChunks();
        return new CodingParameters(
            dataChunks != null ? dataChunks.getValue().intValue() : CodingParameters.DEFAULT.dataChunks(),
            codingChunks != null ? codingChunks.getValue().intValue() : CodingParameters.DEFAULT.codingChunks());
    }
}
