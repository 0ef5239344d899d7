package io.uplink.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.uplink.protocol.AggregatedDataNotification;
import io.uplink.protocol.DataNotification;
import io.uplink.protocol.EdgeConfig;
import io.uplink.protocol.EdgeConfigNotification;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcNotification;
import io.uplink.protocol.LogMessageNotification;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;
import io.uplink.protocol.ResendDataNotification;
import io.uplink.protocol.SystemLogNotification;
import io.uplink.protocol.TimestampedDataNotification;

class NotificationMessagesTest {

    @Test
    void timestampedDataFromTheDocRoundTrips() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"1795757860000\":"
                + "{\"load0/Value104\":5030,\"_sum/EssSoc\":57,\"ess0/State\":0,\"meter0/ActivePower\":null}}}";
        TimestampedDataNotification data = TimestampedDataNotification.from(notification(text));
        Map<String, JsonElement> row = data.rows().get(1795757860000L);
        assertEquals(List.of("load0/Value104", "_sum/EssSoc", "ess0/State", "meter0/ActivePower"),
                List.copyOf(row.keySet()));
        assertEquals(JsonNull.INSTANCE, row.get("meter0/ActivePower"));
        assertEquals(text, JsonRpcCodec.encode(data.toNotification()));
    }

    @Test
    void aggregatedDataFromTheDocRoundTrips() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"aggregatedData\",\"params\":{\"1795757700000\":"
                + "{\"_sum/ProductionActivePower\":1234,\"_sum/ProductionActiveEnergy\":987654,"
                + "\"low0/Value3\":4711.5,\"ess0/GridMode\":1}}}";
        AggregatedDataNotification data = AggregatedDataNotification.from(notification(text));
        assertEquals(4711.5, data.rows().get(1795757700000L).get("low0/Value3").getAsDouble());
        assertEquals(text, JsonRpcCodec.encode(data.toNotification()));
    }

    @Test
    void resendDataKeepsSeveralTimestampsInOrder() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"resendData\",\"params\":{"
                + "\"1795751100000\":{\"_sum/EssSoc\":55.6,\"meter0/ActivePower\":-1190.3},"
                + "\"1795750800000\":{\"_sum/EssSoc\":55.0,\"meter0/ActivePower\":-1210.0}}}";
        ResendDataNotification data = ResendDataNotification.from(notification(text));
        assertEquals(List.of(1795750800000L, 1795751100000L), List.copyOf(data.rows().keySet()));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"resendData\",\"params\":{"
                + "\"1795750800000\":{\"_sum/EssSoc\":55.0,\"meter0/ActivePower\":-1210.0},"
                + "\"1795751100000\":{\"_sum/EssSoc\":55.6,\"meter0/ActivePower\":-1190.3}}}",
                JsonRpcCodec.encode(data.toNotification()));
    }

    @Test
    void emptyRowsAreNotSerialised() throws Exception {
        TimestampedDataNotification empty = TimestampedDataNotification.of(1795757860000L, Map.of());
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{}}",
                JsonRpcCodec.encode(empty.toNotification()));
        TimestampedDataNotification parsed = TimestampedDataNotification
                .from(notification("{\"jsonrpc\":\"2.0\",\"method\":\"timestampedData\",\"params\":{\"5\":{}}}"));
        assertTrue(parsed.rows().isEmpty());
    }

    @Test
    void dataNotificationDispatchesByMethod() throws Exception {
        JsonRpcNotification n = notification("{\"method\":\"aggregatedData\",\"params\":{\"1\":{\"a/B\":1}}}");
        assertInstanceOf(AggregatedDataNotification.class, DataNotification.from(n));
        var e = assertThrows(OpenemsException.class, () -> DataNotification.from(
                notification("{\"method\":\"edgeConfig\",\"params\":{}}")));
        assertEquals("JSON-RPC method [edgeConfig] is not a data notification", e.getMessage());
    }

    @Test
    void malformedDataIsRejected() {
        var e = assertThrows(OpenemsException.class, () -> TimestampedDataNotification
                .from(notification("{\"method\":\"timestampedData\",\"params\":{\"yesterday\":{}}}")));
        assertEquals(OpenemsError.JSON_PARSE_ELEMENT_FAILED, e.error());
        assertEquals("JSON failed to parse [yesterday]. NumberFormatException: "
                + "timestamp keys must be epoch milliseconds as decimal strings", e.getMessage());
        e = assertThrows(OpenemsException.class, () -> TimestampedDataNotification
                .from(notification("{\"method\":\"timestampedData\",\"params\":{\"1\":[]}}")));
        assertEquals(OpenemsError.JSON_NO_OBJECT_MEMBER, e.error());
        e = assertThrows(OpenemsException.class, () -> TimestampedDataNotification
                .from(notification("{\"method\":\"aggregatedData\",\"params\":{}}")));
        assertEquals("Expected JSON-RPC method [timestampedData], got [aggregatedData]", e.getMessage());
    }

    @Test
    void dataRowsAreImmutableCopies() {
        Map<String, JsonElement> row = new LinkedHashMap<>();
        row.put("a/B", new JsonPrimitive(1));
        row.put("a/C", null);
        TimestampedDataNotification data = TimestampedDataNotification.of(10L, row);
        row.put("a/D", new JsonPrimitive(2));
        assertEquals(2, data.rows().get(10L).size());
        assertEquals(JsonNull.INSTANCE, data.rows().get(10L).get("a/C"));
        assertThrows(UnsupportedOperationException.class, () -> data.rows().get(10L).put("x/Y", JsonNull.INSTANCE));
    }

    @Test
    void edgeConfigFromTheDocRoundTrips() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"edgeConfig\",\"params\":{"
                + "\"components\":{\"ctrlBackend0\":{\"alias\":\"ctrlBackend0\",\"factoryId\":\"Controller.Api.Backend\","
                + "\"properties\":{\"apikey\":\"xxx\",\"uri\":\"wss://backend.example.com\",\"apiTimeout\":60,"
                + "\"persistencePriority\":\"HIGH\"}}},"
                + "\"factories\":{\"Controller.Api.Backend\":{\"name\":\"Controller Api Backend\",\"description\":\"d\","
                + "\"natureIds\":[\"io.openems.edge.controller.api.Controller\",\"io.openems.edge.common.component.OpenemsComponent\"]}}}}";
        EdgeConfigNotification config = EdgeConfigNotification.from(notification(text));
        EdgeConfig.Component backend = config.config().components().get("ctrlBackend0");
        assertEquals("Controller.Api.Backend", backend.factoryId());
        assertEquals(60, backend.properties().get("apiTimeout").getAsInt());
        assertEquals(2, config.config().factories().get("Controller.Api.Backend").natureIds().size());
        assertEquals(text, JsonRpcCodec.encode(config.toNotification()));
    }

    @Test
    void edgeConfigBuiltInCodeKeepsInsertionOrder() throws Exception {
        Map<String, EdgeConfig.Component> components = new LinkedHashMap<>();
        JsonObject props = new JsonObject();
        props.addProperty("enabled", true);
        components.put("meter0", new EdgeConfig.Component("Grid meter", "Simulator.GridMeter.Reacting", props));
        components.put("ess0", new EdgeConfig.Component("ess0", "Simulator.EssSymmetric.Reacting", new JsonObject()));
        EdgeConfig config = new EdgeConfig(components,
                Map.of("Simulator.GridMeter.Reacting", new EdgeConfig.Factory("Grid meter", "", List.of("a.B"))));
        assertEquals("{\"components\":{\"meter0\":{\"alias\":\"Grid meter\",\"factoryId\":\"Simulator.GridMeter.Reacting\","
                + "\"properties\":{\"enabled\":true}},\"ess0\":{\"alias\":\"ess0\",\"factoryId\":\"Simulator.EssSymmetric.Reacting\","
                + "\"properties\":{}}},\"factories\":{\"Simulator.GridMeter.Reacting\":{\"name\":\"Grid meter\","
                + "\"description\":\"\",\"natureIds\":[\"a.B\"]}}}", config.toJson().toString());
        assertEquals(config, EdgeConfig.fromJson(config.toJson()));
        var e = assertThrows(OpenemsException.class,
                () -> EdgeConfig.fromJson(notification("{\"method\":\"x\",\"params\":{\"components\":{}}}").params()));
        assertEquals(OpenemsError.JSON_NO_OBJECT_MEMBER, e.error());
    }

    @Test
    void systemLogFromTheDocRoundTrips() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"systemLog\",\"params\":{\"line\":{"
                + "\"time\":\"2026-04-04T12:13:20.123+02:00\",\"level\":\"INFO\",\"source\":\"io.openems.edge\","
                + "\"message\":\"Connected to OpenEMS Backend\"}}}";
        SystemLogNotification log = SystemLogNotification.from(notification(text));
        assertEquals(OffsetDateTime.parse("2026-04-04T12:13:20.123+02:00"), log.time());
        assertEquals(SystemLogNotification.LogLevel.INFO, log.level());
        assertEquals(text, JsonRpcCodec.encode(log.toNotification()));
        var e = assertThrows(OpenemsException.class, () -> SystemLogNotification.from(notification(
                text.replace("\"INFO\"", "\"LOUD\""))));
        assertEquals(OpenemsError.JSON_NO_ENUM_MEMBER, e.error());
        assertEquals("JSON [level:LOUD] is not an Enum member", e.getMessage());
        e = assertThrows(OpenemsException.class, () -> SystemLogNotification.from(notification(
                text.replace("2026-04-04T12:13:20.123+02:00", "yesterday"))));
        assertEquals(OpenemsError.JSON_NO_DATE_MEMBER, e.error());
    }

    @Test
    void logMessageRoundTrips() throws Exception {
        LogMessageNotification log = LogMessageNotification
                .from(notification("{\"jsonrpc\":\"2.0\",\"method\":\"logMessage\",\"params\":{\"level\":\"warning\",\"msg\":\"hi\"}}"));
        assertEquals(Level.WARNING, log.level());
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"logMessage\",\"params\":{\"level\":\"WARNING\",\"msg\":\"hi\"}}",
                JsonRpcCodec.encode(log.toNotification()));
        assertEquals(log, LogMessageNotification.from(log.toNotification()));
        var e = assertThrows(OpenemsException.class, () -> LogMessageNotification
                .from(notification("{\"method\":\"logMessage\",\"params\":{\"level\":\"info\"}}")));
        assertEquals(OpenemsError.JSON_HAS_NO_MEMBER, e.error());
    }

    static JsonRpcNotification notification(String text) throws Exception {
        return (JsonRpcNotification) JsonRpcCodec.parse(text);
    }
}
