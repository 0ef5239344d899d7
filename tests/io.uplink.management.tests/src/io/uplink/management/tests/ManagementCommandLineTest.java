package io.uplink.management.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.uplink.agent.AgentCommandLine;
import io.uplink.agent.CommandLineException;
import io.uplink.agent.ManagementCommandLine;
import io.uplink.agent.ManagementSettings;

/** The management options are taken out of the agent's command line; everything else goes on to AgentCommandLine. */
class ManagementCommandLineTest {

    @Test
    void offUnlessAsked() throws Exception {
        ManagementCommandLine.Parsed parsed = ManagementCommandLine.extract(List.of("--uri=ws://h:1", "--summary=0"));
        assertTrue(parsed.settings().isEmpty());
        assertEquals(List.of("--uri=ws://h:1", "--summary=0"), parsed.rest());
        AgentCommandLine.parse(parsed.rest());
    }

    @Test
    void hostPortAndTls() throws Exception {
        ManagementCommandLine.Parsed parsed = ManagementCommandLine.extract(
                List.of("--management=0.0.0.0:8090", "--uri=ws://h:1", "--management-tls"));
        ManagementSettings settings = parsed.settings().orElseThrow();
        assertEquals("0.0.0.0", settings.host());
        assertEquals(8090, settings.port());
        assertTrue(settings.tls());
        assertEquals(List.of("--uri=ws://h:1"), parsed.rest());
        assertEquals("::1", ManagementCommandLine.extract(List.of("--management", "[::1]:9000")).settings().orElseThrow().host());
    }

    @Test
    void badValuesNameTheOption() {
        assertTrue(assertThrows(CommandLineException.class, () -> ManagementCommandLine.extract(List.of("--management=8090")))
                .getMessage().startsWith("--management: '8090' is not HOST:PORT"));
        assertTrue(assertThrows(CommandLineException.class, () -> ManagementCommandLine.extract(List.of("--management=h:70000")))
                .getMessage().startsWith("--management: port '70000'"));
        assertTrue(assertThrows(CommandLineException.class, () -> ManagementCommandLine.extract(List.of("--management-tls")))
                .getMessage().contains("need --management=HOST:PORT"));
        assertTrue(assertThrows(CommandLineException.class,
                () -> ManagementCommandLine.extract(List.of("--management=h:1", "--management-token-file=/no/such")))
                .getMessage().startsWith("--management-token-file: no such file"));
    }
}
