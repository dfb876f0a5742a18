/*
 * Copyright (c) 2026 PSP contributors. All rights reserved.
 *
 * This program and the accompanying materials are made available under the
 * terms of the Eclipse Public License v1.0 which accompanies this distribution,
 * and is available at http://www.eclipse.org/legal/epl-v10.html
 */
package org.psp.it;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.options.extra.VMOption;

/**
 * The JVM settings bin/karaf of Karaf 4.4 uses on Java 9 and later, for the Karafs Pax Exam boots, plus the JDK's
 * vector module for PSP's Reed-Solomon codec.
 */
final class KarafJvm {
    /** The Karaf of the OpenDaylight release PSP builds on (artifacts/pom.xml), for its endorsed jars. */
    static final String KARAF_VERSION = "4.4.8";

    private KarafJvm() {
        // constants and factory only
    }

    /**
     * Returns the JVM options.
     *
     * @return the options, in order
     */
    static Option[] options() {
        final var endorsed = "lib/endorsed/org.apache.karaf.specs.";
        final var options = new ArrayList<Option>();
        for (var option : List.of("--add-modules=jdk.incubator.vector", "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module", "java.base=" + endorsed + "locator-" + KARAF_VERSION + ".jar",
                "--patch-module", "java.xml=" + endorsed + "java.xml-" + KARAF_VERSION + ".jar",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "-classpath", "lib/jdk9plus/*" + File.pathSeparator + "lib/boot/*" + File.pathSeparator
                    + "lib/endorsed/*")) {
            options.add(new VMOption(option));
        }
        return options.toArray(Option[]::new);
    }
}
