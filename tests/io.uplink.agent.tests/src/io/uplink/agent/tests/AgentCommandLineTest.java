package io.uplink.agent.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.uplink.agent.AgentCommandLine;
import io.uplink.agent.AgentOptions;
import io.uplink.agent.CommandLineException;
import io.uplink.agent.EclipseLauncherArguments;
import io.uplink.agent.SourceOption;

class AgentCommandLineTest {

    @TempDir
    Path directory;

    @Test
    void connectorAttributesOverrideAndFilesAreChecked() throws Exception {
        Path key = Files.writeString(directory.resolve("key"), "k");
        AgentOptions options = AgentCommandLine.parse(List.of("--uri=ws://10.0.0.1:8081", "--persistencePriority", "LOW",
                "--apikey-file=" + key, "--data-dir", directory.toString(), "--sim-channels=5000", "--summary=0"));
        assertEquals(Map.of("uri", "ws://10.0.0.1:8081", "persistencePriority", "LOW"), options.attributes());
        assertEquals(key, options.apikeyFile().orElseThrow());
        assertEquals(directory, options.dataDirectory());
        assertEquals(5000, options.simulatedExtraChannels());
        assertEquals(0, options.summarySeconds());
    }

    @Test
    void theProxyPasswordComesFromAFile() throws Exception {
        Path password = Files.writeString(directory.resolve("proxy-password"), "p");
        AgentOptions options = AgentCommandLine.parse(List.of("--proxy-password-file=" + password,
                "--proxyUsername=edge", "--proxyType=SOCKS"));
        assertEquals(password, options.proxyPasswordFile().orElseThrow());
        assertEquals(Map.of("proxyUsername", "edge", "proxyType", "SOCKS"), options.attributes());
        assertTrue(AgentCommandLine.usage().contains("--proxy-password-file=FILE"), AgentCommandLine.usage());
        CommandLineException missing = assertThrows(CommandLineException.class, () -> AgentCommandLine.parse(
                List.of("--proxy-password-file=" + directory.resolve("absent"))));
        assertTrue(missing.getMessage().startsWith("--proxy-password-file: no such file"), missing.getMessage());
    }

    @Test
    void secretsOnTheCommandLineAreRefusedWithAPointerToTheFileOption() {
        CommandLineException refused = assertThrows(CommandLineException.class, () -> AgentCommandLine.parse(List.of("--apikey=s3cret")));
        assertTrue(refused.getMessage().contains("--apikey-file"), refused.getMessage());
        assertTrue(!refused.getMessage().contains("s3cret"), "the refused secret is not echoed");
        CommandLineException proxy = assertThrows(CommandLineException.class,
                () -> AgentCommandLine.parse(List.of("--proxyPassword=pr0xy")));
        assertTrue(proxy.getMessage().startsWith("--proxyPassword is refused"), proxy.getMessage());
        assertTrue(proxy.getMessage().contains("--proxy-password-file=FILE"), proxy.getMessage());
        assertTrue(!proxy.getMessage().contains("pr0xy"), "the refused secret is not echoed");
    }

    @Test
    void aMistypedKeyOptionDoesNotEchoTheKey() {
        CommandLineException e = assertThrows(CommandLineException.class, () -> AgentCommandLine.parse(List.of("--apiKey=s3cret-value")));
        assertTrue(e.getMessage().contains("'--apiKey'") && !e.getMessage().contains("s3cret-value"), e.getMessage());
    }

    @Test
    void badOptionsAreNamed() {
        assertMessage("unknown option '--urii'", "--urii=x");
        assertMessage("--sim-channels: 'many' is not a whole number from 0 to 1000000", "--sim-channels=many");
        assertMessage("--source: 'opcua://plc' is not a known source (accepted: sim, modbus", "--source=opcua://plc");
        assertMessage("--config: no such file", "--config=" + directory.resolve("missing.properties"));
        assertMessage("--data-dir needs a value", "--data-dir");
    }

    @Test
    void launcherOptionsAreNotTheAgentsBusiness() {
        assertEquals(List.of("--uri=ws://x"), EclipseLauncherArguments.strip(new String[] {
                "-consoleLog", "-data", "/tmp/ws", "--uri=ws://x", "-vmargs", "-Xmx1g" }));
    }

    @Test
    void helpListsEveryConnectorAttribute() {
        String usage = AgentCommandLine.usage();
        for (String attribute : new String[] { "uri", "apiTimeout", "persistencePriority", "aggregationPriority",
                "resendPriority", "proxyAddress", "proxyPort", "proxyType", "debugMode", "fullSendInterval" }) {
            assertTrue(usage.contains(attribute), "--help mentions " + attribute);
        }
    }

    @Test
    void aProfileIsCheckedWhenTheOptionsAreParsed() throws Exception {
        Path good = Files.writeString(directory.resolve("good.uplinkprofile"), """
                name = bench
                persistencePriority = HIGH
                aggregationPriority = LOW
                resendPriority = HIGH
                defaultPriority = LOW
                rule meter0/* = VERY_HIGH
                """);
        assertEquals(good, AgentCommandLine.parse(List.of("--profile=" + good)).profileFile().orElseThrow());
        Path bad = Files.writeString(directory.resolve("bad.uplinkprofile"),
                Files.readString(good).replace("rule meter0/* = VERY_HIGH", "rule meter0 = VERY_HIGH"));
        assertMessage("--profile: " + bad + ": line 6: rule 1 pattern: pattern 'meter0' has no '/'", "--profile=" + bad);
        assertMessage("--profile: no such file", "--profile=" + directory.resolve("missing"));
    }

    @Test
    void theProxyPasswordFileAndAProfileGoTogether() throws Exception {
        Path password = Files.writeString(directory.resolve("proxy-password"), "p");
        Path profile = Files.writeString(directory.resolve("site.uplinkprofile"), """
                name = site
                persistencePriority = HIGH
                aggregationPriority = LOW
                resendPriority = HIGH
                defaultPriority = LOW
                """);
        AgentOptions options = AgentCommandLine.parse(List.of("--profile=" + profile, "--proxy-password-file",
                password.toString(), "--proxyAddress=10.0.0.1"));
        assertEquals(password, options.proxyPasswordFile().orElseThrow());
        assertEquals(profile, options.profileFile().orElseThrow());
        AgentOptions changed = options.withAttributes(Map.of("proxyPort", "1080")).withApikeyFile(password);
        assertEquals(password, changed.proxyPasswordFile().orElseThrow(), "with… keeps the proxy password file");
        assertEquals(profile, changed.profileFile().orElseThrow(), "with… keeps the profile");
        String usage = AgentCommandLine.usage();
        assertTrue(usage.contains("--proxy-password-file=FILE") && usage.contains("--profile=FILE"), usage);
    }

    @Test
    void sourcesAreCheckedWhenTheOptionsAreParsed() throws Exception {
        assertEquals(List.of(SourceOption.SIM), AgentCommandLine.parse(List.of()).sources());
        Path map = Files.writeString(directory.resolve("meter.csv"), "channel,address,type,unit\nmeter1/Power,0,int16,W\n");
        String modbus = "modbus://10.0.0.5?unit=2&map=" + map;
        assertEquals(List.of(modbus, "sim"), AgentCommandLine.parse(List.of("--source=" + modbus, "--source", "sim"))
                .sources().stream().map(SourceOption::toString).toList());
        Path bad = Files.writeString(directory.resolve("bad.csv"), "channel,address,type\nmeter1/Power,0,int17\n");
        assertMessage("--source: " + bad + ": line 2, column type: unknown type 'int17'",
                "--source=modbus://10.0.0.5?map=" + bad);
        assertMessage("names no register map", "--source=modbus://10.0.0.5:502?unit=1");
        assertMessage("cannot read the register map", "--source=modbus://10.0.0.5?map=" + directory.resolve("none.json"));
        assertMessage("are the same source modbus://10.0.0.5:502", "--source=" + modbus.replace("unit=2&", ""),
                "--source=modbus://10.0.0.5:502?map=" + map);
        assertTrue(AgentCommandLine.usage().contains("modbus://HOST[:PORT]?map=FILE[&unit=N]"), AgentCommandLine.usage());
    }

    @Test
    void modbusAndOpenemsSourcesMixWithEachPasswordOnItsOwnSource() throws Exception {
        Path map = Files.writeString(directory.resolve("meter.csv"), "channel,address,type,unit\nmeter1/Power,0,int16,W\n");
        Path password = Files.writeString(directory.resolve("edge-password"), "user\n");
        String modbus = "modbus://10.0.0.5?map=" + map;
        List<SourceOption> sources = AgentCommandLine.parse(List.of("--source=" + modbus,
                "--source=openems:ws://10.0.0.6:8085", "--source-password-file=" + password, "--source=sim")).sources();
        assertEquals(List.of(modbus, "openems:ws://10.0.0.6:8085", "sim"),
                sources.stream().map(SourceOption::toString).toList());
        assertEquals(List.of(Optional.empty(), Optional.of(password), Optional.empty()),
                sources.stream().map(SourceOption::passwordFile).toList());
        assertMessage("--source=" + modbus + " takes no password", "--source=openems:ws://10.0.0.6:8085",
                "--source=" + modbus, "--source-password-file=" + password);
        assertMessage("are the same source openems@10.0.0.6:8085", "--source=openems:ws://10.0.0.6",
                "--source=openems:ws://10.0.0.6:8085/");
        assertMessage("(accepted: sim, modbus://HOST[:PORT]?map=FILE[&unit=N], openems:ws://HOST:8085)",
                "--source=bacnet:x");
        String usage = AgentCommandLine.usage();
        assertTrue(usage.contains("openems:ws://HOST:8085") && usage.contains("--source-password-file=FILE"), usage);
    }

    private void assertMessage(String expectedPart, String... args) {
        CommandLineException e = assertThrows(CommandLineException.class, () -> AgentCommandLine.parse(List.of(args)));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
