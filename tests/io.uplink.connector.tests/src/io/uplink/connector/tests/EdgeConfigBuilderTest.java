package io.uplink.connector.tests;

import static io.uplink.connector.tests.BackendHarness.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;

import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.internal.EdgeConfigBuilder;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.protocol.EdgeConfig;
import io.uplink.protocol.EdgeConfigNotification;
import io.uplink.protocol.JsonRpcCodec;

/** The EdgeConfig of §5.5: components and the factories in use, sorted, no channels, no secrets. */
class EdgeConfigBuilderTest {

    private static final List<ChannelMetadata> CHANNELS = List.of(
            ChannelMetadata.of("meter0/ActivePower", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
            ChannelMetadata.of("_sum/EssSoc", OpenemsType.INTEGER, Unit.PERCENT, PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("sim0/Value0", OpenemsType.INTEGER, Unit.WATT, PersistencePriority.HIGH),
            ChannelMetadata.of("ctrlBackend0/UnableToSend", OpenemsType.BOOLEAN, Unit.NONE,
                    PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("_meta/Version", OpenemsType.STRING, Unit.NONE, PersistencePriority.VERY_HIGH),
            ChannelMetadata.of("meter0/Voltage", OpenemsType.INTEGER, Unit.MILLIVOLT, PersistencePriority.LOW));

    private final EdgeConfigBuilder builder = new EdgeConfigBuilder(
            Map.of("meter0", "Simulator.GridMeter.Acting")::get);

    private static JsonObject properties() {
        JsonObject p = new JsonObject();
        p.addProperty("uri", "wss://backend.example.com");
        p.addProperty("apikey", "xxx");
        p.addProperty("id", "ctrlBackend0");
        p.addProperty("service.pid", "Controller.Api.Backend.4711");
        p.addProperty("enabled", true);
        p.addProperty("apiTimeout", 60);
        p.addProperty("alias", "");
        p.addProperty("persistencePriority", "HIGH");
        p.addProperty("webconsole.configurationFactory.nameHint", "Controller Api Backend [{id}]");
        return p;
    }

    @Test
    void theWholeConfigurationInWireForm() {
        EdgeConfig config = this.builder.build("ctrlBackend0", "", properties(), CHANNELS);
        String component = "io.openems.edge.common.component.OpenemsComponent";
        String expected = q("{'components':{"
                + "'_meta':{'alias':'_meta','factoryId':'Core.Meta','properties':{}},"
                + "'_sum':{'alias':'_sum','factoryId':'Core.Sum','properties':{}},"
                + "'ctrlBackend0':{'alias':'ctrlBackend0','factoryId':'Controller.Api.Backend','properties':{"
                + "'alias':'','apiTimeout':60,'apikey':'xxx','enabled':true,'persistencePriority':'HIGH',"
                + "'uri':'wss://backend.example.com'}},"
                + "'meter0':{'alias':'meter0','factoryId':'Simulator.GridMeter.Acting',"
                + "'properties':{'enabled':true}},"
                + "'sim0':{'alias':'sim0','factoryId':'Uplink.Source','properties':{'enabled':true}}},"
                + "'factories':{"
                + "'Controller.Api.Backend':{'name':'Controller Api Backend',"
                + "'description':'This controller connects to OpenEMS Backend','natureIds':"
                + "['io.openems.edge.controller.api.Controller','" + component + "',"
                + "'io.openems.edge.controller.api.backend.api.ControllerApiBackend']},"
                + "'Core.Meta':{'name':'Core Meta','description':'The global manager for Metadata.',"
                + "'natureIds':['io.openems.edge.common.meta.Meta','" + component + "']},"
                + "'Core.Sum':{'name':'Core Sum','description':'The global OpenEMS Summary data.',"
                + "'natureIds':['io.openems.edge.common.sum.Sum','" + component + "']},"
                + "'Simulator.GridMeter.Acting':{'name':'Simulator.GridMeter.Acting','description':'',"
                + "'natureIds':['" + component + "']},"
                + "'Uplink.Source':{'name':'Uplink Source',"
                + "'description':'Channels read by Uplink from a device or simulation',"
                + "'natureIds':['" + component + "']}}}");
        assertEquals(expected, config.toJson().toString());
    }

    @Test
    void anAliasIsKeptAndARawApikeyIsMaskedAnyway() {
        JsonObject raw = properties();
        raw.addProperty("apikey", "do-not-send-me");
        EdgeConfig config = this.builder.build("ctrlBackend1", "Backend link", raw, List.of());
        assertEquals("Backend link", config.components().get("ctrlBackend1").alias());
        assertEquals("xxx", config.components().get("ctrlBackend1").properties().get("apikey").getAsString());
        String notification = JsonRpcCodec.encode(new EdgeConfigNotification(config).toNotification());
        assertFalse(notification.contains("do-not-send-me"), notification);
    }

    @Test
    void onlyFactoriesInUseAreListed() {
        EdgeConfig config = this.builder.build("ctrlBackend0", "", new JsonObject(), List.of(CHANNELS.get(3)));
        assertEquals(List.of("ctrlBackend0"), List.copyOf(config.components().keySet()));
        assertEquals(List.of("Controller.Api.Backend"), List.copyOf(config.factories().keySet()));
    }

    @Test
    void aDescribedFactoryKeepsItsDescription() {
        EdgeConfig.Factory meter = new EdgeConfig.Factory("Simulator GridMeter Acting", "Simulated grid meter",
                List.of("io.openems.edge.meter.api.ElectricityMeter",
                        "io.openems.edge.common.component.OpenemsComponent"));
        EdgeConfig config = this.builder.withFactory("Simulator.GridMeter.Acting", meter)
                .build("ctrlBackend0", "", new JsonObject(), CHANNELS);
        assertEquals(meter, config.factories().get("Simulator.GridMeter.Acting"));
        assertEquals(List.of("Controller.Api.Backend", "Core.Meta", "Core.Sum", "Simulator.GridMeter.Acting",
                "Uplink.Source"), List.copyOf(config.factories().keySet()));
    }

    @Test
    void theAgentsOwnConfiguration() throws Exception {
        ConnectorConfig agent = ConnectorConfig.fromProperties(
                Map.of("id", "ctrlBackend7", "apikey", "agent-Key-12345", "uri", "wss://backend.example.com"));
        EdgeConfig config = EdgeConfigBuilder.build(agent, CHANNELS);
        EdgeConfig.Component controller = config.components().get("ctrlBackend7");
        assertEquals("Controller.Api.Backend", controller.factoryId());
        assertEquals("xxx", controller.properties().get("apikey").getAsString());
        assertFalse(controller.properties().has("id"));
        assertEquals("wss://backend.example.com", controller.properties().get("uri").getAsString());
        assertEquals("Uplink.Source", config.components().get("meter0").factoryId());
        assertFalse(config.toJson().toString().contains("agent-Key-12345"));
    }

    @Test
    void bookkeepingKeysAreKnown() {
        for (String key : List.of("id", "component.id", "component.name", "service.pid", "service.factoryPid",
                "webconsole.configurationFactory.nameHint", "event.topics")) {
            assertTrue(EdgeConfigBuilder.isBookkeepingKey(key), key);
        }
        assertFalse(EdgeConfigBuilder.isBookkeepingKey("alias"));
        assertFalse(EdgeConfigBuilder.isBookkeepingKey("apikey"));
    }
}
