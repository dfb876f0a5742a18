/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.google.common.util.concurrent.ListenableFuture;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.opendaylight.mdsal.binding.api.DataBroker;
import org.opendaylight.mdsal.binding.api.RpcService;
import org.opendaylight.mdsal.common.api.LogicalDatastoreType;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AccessNetwork;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AnId;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Availability;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.AvailabilityInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteMemory;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.DeleteMemoryInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Lookup;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.LookupInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.NodeStatus;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.OpenProbability;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Psp;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.PspBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.RecoveryOutcome;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.Store;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.StoreInputBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.access.network.AccessNode;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.AccessNodeBuilder;
import org.opendaylight.yang.gen.v1.urn.psp.yang.psp.rev261203.psp.OverlayBuilder;
import org.opendaylight.yangtools.binding.DataObjectIdentifier;
import org.opendaylight.yangtools.binding.util.BindingMap;
import org.opendaylight.yangtools.yang.common.Decimal64;
import org.opendaylight.yangtools.yang.common.RpcResult;
import org.opendaylight.yangtools.yang.common.Uint32;
import org.opendaylight.yangtools.yang.common.Uint64;
import org.opendaylight.yangtools.yang.common.Uint8;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * PSP inside the Karaf distribution it ships in: the PSP bundles, the MD-SAL services they use, and access nodes
 * configured in the datastore that store their sessions in each other's memory and read them back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PspInKarafTest {
    private static final DataObjectIdentifier<Psp> CONFIG = DataObjectIdentifier.builder(Psp.class).build();
    private static final DataObjectIdentifier<AccessNetwork> STATE = DataObjectIdentifier
        .builder(AccessNetwork.class).build();
    private static final int NODES = 4;
    private static final int SESSIONS = 50;

    @Inject
    private DataBroker dataBroker;

    @Inject
    private RpcService rpcService;

    /**
     * Boots the distribution with the JVM settings bin/karaf uses on Java 9 and later, without its consoles.
     *
     * @return the options
     */
    @Configuration
    public Option[] configuration() {
        return options(
            karafDistributionConfiguration().frameworkUrl(Path.of(System.getProperty("psp.distribution")).toUri()
                    .toString())
                .name("PSP").unpackDirectory(Path.of("target", "pax").toFile()).useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                System.getProperty("psp.localRepository")),
            systemProperty("pax.exam.service.timeout").value("300000"),
            composite(KarafJvm.options()));
    }

    @Test
    public void theAvailabilityPlannerAnswersThroughMdsal() throws Exception {
        final var output = result(rpcService.getRpc(Availability.class).invoke(new AvailabilityInputBuilder()
            .setNodeAvailability(new OpenProbability(Decimal64.valueOf("0.9")))
            .setTargetAvailability(new OpenProbability(Decimal64.valueOf("0.99999")))
            .build()));
        assertEquals(new BigDecimal("1.28213E-9"), output.getUnavailability().getValue().decimalValue()
            .round(new java.math.MathContext(6)));
        assertEquals(Uint64.valueOf(10), output.getReplicationCopies());
        assertEquals(Uint8.valueOf(11), output.getCodingChunksForTarget());
    }

    @Test
    public void configuredAccessNodesStoreTheirSessionsInEachOtherAndReadThemBack() throws Exception {
        final var nodes = IntStream.rangeClosed(1, NODES).mapToObj(i -> new AccessNodeBuilder()
            .setAnId(new AnId("karaf-" + i)).setSampleSessions(Uint32.valueOf(SESSIONS)).build()).toList();
        final var write = dataBroker.newWriteOnlyTransaction();
        write.put(LogicalDatastoreType.CONFIGURATION, CONFIG, new PspBuilder()
            .setOverlay(new OverlayBuilder().setKey("the overlay key of the in-Karaf test").build())
            .setAccessNode(BindingMap.of(nodes)).build());
        write.commit().get(30, TimeUnit.SECONDS);

        final var up = awaitState(network -> network.size() == NODES && network.stream().allMatch(node ->
            node.getStatus() == NodeStatus.Up && node.getSessionCount().intValue() == SESSIONS
                && node.getStoreProgress().getPendingSegments().intValue() == 0
                && node.getStoreProgress().getStoringSegments().intValue() == 0));
        assertTrue(up.stream().allMatch(node -> node.getRoutingTableSize().intValue() == NODES - 1));

        final var target = new AnId("karaf-2");
        assertEquals(Uint32.valueOf(0), result(rpcService.getRpc(Store.class).invoke(new StoreInputBuilder()
            .setAnId(target).build())).getPendingSegments());
        assertEquals(Uint32.valueOf(SESSIONS), result(rpcService.getRpc(DeleteMemory.class).invoke(
            new DeleteMemoryInputBuilder().setAnId(target).build())).getSessionsForgotten());
        final var restored = result(rpcService.getRpc(Lookup.class).invoke(new LookupInputBuilder()
            .setAnId(target).setRestore(true).build()));
        assertEquals(RecoveryOutcome.Complete, restored.getOutcome());
        assertEquals(SESSIONS, restored.nonnullSession().size());
        awaitState(network -> network.stream().filter(node -> node.getAnId().equals(target))
            .allMatch(node -> node.getSessionCount().intValue() == SESSIONS));

        final var refused = rpcService.getRpc(Lookup.class).invoke(new LookupInputBuilder()
            .setAnId(new AnId("karaf-99")).setRestore(true).build());
        assertTrue(failure(refused), failure(refused).contains(
            "access node karaf-99 is not hosted by this controller and did not answer over the overlay"));

        final var remove = dataBroker.newWriteOnlyTransaction();
        remove.delete(LogicalDatastoreType.CONFIGURATION, CONFIG);
        remove.commit().get(30, TimeUnit.SECONDS);
        awaitState(List::isEmpty);
    }

    private List<AccessNode> awaitState(final Predicate<List<AccessNode>> condition) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        List<AccessNode> network = List.of();
        while (System.nanoTime() < deadline) {
            try (var read = dataBroker.newReadOnlyTransaction()) {
                final Optional<AccessNetwork> state = read.read(LogicalDatastoreType.OPERATIONAL, STATE)
                    .get(30, TimeUnit.SECONDS);
                network = state.map(found -> List.copyOf(found.nonnullAccessNode().values())).orElse(List.of());
            }
            if (condition.test(network)) {
                return network;
            }
            Thread.sleep(250);
        }
        fail("the access network did not reach the expected state within 120 s: " + network);
        return network;
    }

    private static <O> O result(final ListenableFuture<RpcResult<O>> call) throws Exception {
        final var result = call.get(120, TimeUnit.SECONDS);
        assertTrue(result.getErrors().toString(), result.isSuccessful());
        return result.getResult();
    }

    private static String failure(final ListenableFuture<? extends RpcResult<?>> call) throws InterruptedException {
        try {
            final var result = call.get(120, TimeUnit.SECONDS);
            return result.isSuccessful() ? "succeeded" : result.getErrors().toString();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            return "no answer";
        }
    }
}
