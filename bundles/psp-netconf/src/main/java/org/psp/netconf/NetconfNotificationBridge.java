/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.netconf;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.dom.DOMResult;
import org.opendaylight.mdsal.dom.api.DOMEvent;
import org.opendaylight.mdsal.dom.api.DOMNotification;
import org.opendaylight.mdsal.dom.api.DOMNotificationListener;
import org.opendaylight.mdsal.dom.api.DOMNotificationService;
import org.opendaylight.mdsal.dom.api.DOMSchemaService;
import org.opendaylight.netconf.api.messages.NotificationMessage;
import org.opendaylight.netconf.server.api.notifications.NetconfNotificationCollector;
import org.opendaylight.netconf.server.api.notifications.NotificationPublisherRegistration;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netconf.notification._1._0.rev080714.StreamNameType;
import org.opendaylight.yang.gen.v1.urn.ietf.params.xml.ns.netmod.notification.rev080714.netconf.streams.StreamBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataAtRisk;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DataUnrecoverable;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatusChanged;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Recovered;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RepairDone;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.StoreFailed;
import org.opendaylight.yangtools.concepts.Registration;
import org.opendaylight.yangtools.yang.data.api.schema.stream.NormalizedNodeWriter;
import org.opendaylight.yangtools.yang.data.codec.xml.XMLStreamNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.model.api.stmt.SchemaNodeIdentifier.Absolute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * Streams PSP's notifications — node-status-changed, recovered, data-unrecoverable, store-failed, repair-done,
 * data-at-risk — to NETCONF subscribers of the {@code NETCONF} stream (RFC 5277 create-subscription).
 * OpenDaylight's NETCONF server streams only what is published to it, so this component takes PSP's notifications
 * from MD-SAL and publishes them there as XML.
 */
@Component(service = {})
public final class NetconfNotificationBridge implements DOMNotificationListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetconfNotificationBridge.class);
    private static final StreamNameType STREAM = new StreamNameType("NETCONF");
    private static final List<Absolute> NOTIFICATIONS = List.of(Absolute.of(NodeStatusChanged.QNAME),
        Absolute.of(Recovered.QNAME), Absolute.of(DataUnrecoverable.QNAME), Absolute.of(StoreFailed.QNAME),
        Absolute.of(RepairDone.QNAME), Absolute.of(DataAtRisk.QNAME));

    private final DOMSchemaService schema;
    private final NotificationPublisherRegistration publisher;
    private final Registration listener;
    private final DocumentBuilderFactory documents = DocumentBuilderFactory.newInstance();
    private final XMLOutputFactory xml = XMLOutputFactory.newFactory();

    /**
     * Starts forwarding.
     *
     * @param notifications where PSP's notifications are published
     * @param schema the controller's YANG models
     * @param collector the NETCONF server's notification streams
     */
    @Activate
    public NetconfNotificationBridge(@Reference final DOMNotificationService notifications,
            @Reference final DOMSchemaService schema, @Reference final NetconfNotificationCollector collector) {
        this.schema = schema;
        documents.setNamespaceAware(true);
        xml.setProperty(XMLOutputFactory.IS_REPAIRING_NAMESPACES, Boolean.TRUE);
        publisher = collector.registerNotificationPublisher(new StreamBuilder().setName(STREAM)
            .setDescription("Default NETCONF stream").setReplaySupport(Boolean.FALSE).build());
        listener = notifications.registerNotificationListener(this, NOTIFICATIONS);
        LOG.info("PSP notifications go to NETCONF subscribers of stream {}", STREAM.getValue());
    }

    @Override
    public void onNotification(final DOMNotification notification) {
        final Document document;
        try {
            document = toXml(notification);
        } catch (ParserConfigurationException | XMLStreamException e) {
            LOG.warn("PSP notification {} not sent to NETCONF subscribers", notification.getType(), e);
            return;
        }
        final var time = notification instanceof DOMEvent event ? event.getEventInstant() : Instant.now();
        publisher.onNotification(STREAM, NotificationMessage.ofNotificationContent(document, time));
    }

    /** Writes a notification as the XML element that goes into a NETCONF notification message. */
    private Document toXml(final DOMNotification notification) throws ParserConfigurationException,
            XMLStreamException {
        final var document = documents.newDocumentBuilder().newDocument();
        final var writer = xml.createXMLStreamWriter(new DOMResult(document));
        final var type = notification.getType();
        final var name = type.lastNodeIdentifier();
        final var namespace = name.getNamespace().toString();
        writer.setDefaultNamespace(namespace);
        writer.writeStartElement(XMLConstants.DEFAULT_NS_PREFIX, name.getLocalName(), namespace);
        writer.writeDefaultNamespace(namespace);
        try (var body = NormalizedNodeWriter.forStreamWriter(XMLStreamNormalizedNodeStreamWriter.create(writer,
                schema.getGlobalContext(), type))) {
            for (var child : notification.getBody().body()) {
                body.write(child);
            }
        } catch (IOException e) {
            throw new XMLStreamException("cannot write " + name, e);
        }
        writer.writeEndElement();
        writer.close();
        return document;
    }

    @Override
    @Deactivate
    public void close() {
        listener.close();
        publisher.close();
    }
}
