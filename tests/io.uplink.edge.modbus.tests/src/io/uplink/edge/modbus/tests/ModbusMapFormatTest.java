package io.uplink.edge.modbus.tests;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.edge.modbus.ModbusDataType;
import io.uplink.edge.modbus.ModbusMap;
import io.uplink.edge.modbus.ModbusMapException;
import io.uplink.edge.modbus.ModbusMapFormat;
import io.uplink.edge.modbus.ModbusPoint;
import io.uplink.edge.modbus.ModbusSource;
import io.uplink.edge.modbus.ModbusTable;

/** Register-map files: the documented example, CSV import, and bad maps named by JSON pointer or CSV line. */
class ModbusMapFormatTest {

    /** The example of docs/modbus-maps.md. */
    static final String EXAMPLE = """
            {
              "format": "uplink.modbus-map/1",
              "device": { "vendor": "ExampleCorp", "model": "EM-340 three-phase meter" },
              "defaults": { "unitId": 1, "table": "holding", "wordOrder": "msw", "byteOrder": "big",
                            "priority": "LOW", "maxRegistersPerRead": 120, "maxGap": 8, "timeoutMs": 500,
                            "retries": 0, "pollIntervalMs": 1000 },
              "components": [ { "id": "meter0", "alias": "Grid meter", "factoryId": "Uplink.Modbus.Meter",
                                "natureIds": ["io.openems.edge.meter.api.ElectricityMeter"] } ],
              "points": [
                { "channel": "meter0/VoltageL1", "address": 0, "type": "int32", "wordOrder": "lsw", "scale": 100,
                  "unit": "mV", "priority": "HIGH", "text": "raw unit 0.1 V" },
                { "channel": "meter0/ActivePower", "address": 40, "type": "int32", "wordOrder": "lsw", "scale": 0.1,
                  "unit": "W", "openemsType": "INTEGER", "priority": "HIGH" },
                { "channel": "meter0/ReactivePower", "address": 44, "type": "int16", "sf": { "address": 48 },
                  "unit": "var", "openemsType": "INTEGER", "priority": "HIGH" },
                { "channel": "meter0/PhaseSequenceError", "address": 50, "type": "uint16", "bit": 3, "priority": "HIGH" },
                { "channel": "meter0/Frequency", "address": 51, "type": "int16", "scale": 100, "unit": "mHz",
                  "priority": "HIGH", "invalid": ["0x8000"] },
                { "channel": "meter0/ActiveConsumptionEnergy", "address": 52, "type": "uint32", "wordOrder": "lsw",
                  "scale": 100, "unit": "Wh_Σ", "openemsType": "LONG", "priority": "HIGH" },
                { "channel": "meter0/SerialNumber", "address": 20480, "type": "string", "length": 7,
                  "priority": "VERY_LOW" },
                { "channel": "meter0/GridMode", "table": "input", "address": 3, "type": "enum16",
                  "options": { "1": "ON_GRID", "2": "OFF_GRID" } }
              ]
            }
            """;

    @Test
    void readsTheDocumentedExample() throws Exception {
        ModbusMap map = ModbusMapFormat.parseJson("example.json", EXAMPLE);
        assertEquals("ExampleCorp EM-340 three-phase meter", map.device());
        assertEquals(List.of("meter0"), map.components().stream().map(ModbusMap.Component::id).toList());
        assertEquals(120, map.transport().maxRegistersPerRead());
        assertEquals(8, map.points().size());
        ModbusPoint voltage = map.points().get(0);
        assertEquals(ModbusDataType.INT32, voltage.type());
        assertTrue(voltage.wordSwap());
        assertEquals(OpenemsType.LONG, voltage.openemsType(), "int32 × 100 can leave the int range");
        assertEquals(Unit.MILLIVOLT, voltage.unit());
        assertEquals(PersistencePriority.HIGH, voltage.priority());
        assertEquals("raw unit 0.1 V", voltage.metadata().text());
        assertEquals(48, map.points().get(2).sfAddress());
        assertEquals(OpenemsType.BOOLEAN, map.points().get(3).openemsType());
        assertEquals(OpenemsType.INTEGER, map.points().get(4).openemsType());
        assertArrayEquals(new long[] { 0x8000 }, map.points().get(4).invalid());
        assertEquals(OpenemsType.STRING, map.points().get(6).openemsType());
        assertEquals(PersistencePriority.VERY_LOW, map.points().get(6).priority());
        ModbusPoint gridMode = map.points().get(7);
        assertEquals(ModbusTable.INPUT, gridMode.table());
        assertArrayEquals(new long[] { 0xFFFF }, gridMode.invalid(), "enum16 brings SunSpec's sentinel");
        assertEquals("OFF_GRID", gridMode.metadata().enumOptions().get(2));
        assertTrue(gridMode.metadata().priorityDeclared(), "the defaults declare LOW");
        try (ModbusSource source = new ModbusSource("example", "127.0.0.1", 502, map, 1_000, 30_000)) {
            assertEquals(List.of("unit 1 holding 0..1", "unit 1 holding 40..53", "unit 1 holding 20480..20486",
                    "unit 1 input 3..3"), source.plannedRequests(), "as docs/modbus-maps.md says");
        }
    }

    /** The maps shown in the README and docs/modbus-maps.md parse (the tests run below the repository's root). */
    @Test
    void theMapsInTheDocumentationAreValid() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("docs/modbus-maps.md"))) {
            root = root.getParent();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(root != null, "not run inside the repository");
        int maps = 0;
        for (String doc : List.of("README.md", "docs/modbus-maps.md")) {
            String text = Files.readString(root.resolve(doc));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("```(json|csv)\\n(.*?)```", java.util.regex.Pattern.DOTALL)
                    .matcher(text);
            while (m.find()) {
                if (m.group(1).equals("json") && m.group(2).contains(ModbusMapFormat.FORMAT)) {
                    ModbusMapFormat.parseJson(doc, m.group(2));
                    maps++;
                } else if (m.group(1).equals("csv")) {
                    ModbusMapFormat.parseCsv(doc, m.group(2));
                    maps++;
                }
            }
        }
        assertEquals(3, maps, "the README's map, and the JSON and CSV examples of docs/modbus-maps.md");
    }

    @Test
    void csvImportGivesTheSamePointsAsJson() throws Exception {
        String csv = """
                # the example meter, as a spreadsheet exports it
                channel,unit_id,table,address,type,word_order,byte_order,length,bit,scale,sf_address,offset,unit,openems_type,priority,invalid,text
                meter0/ActivePower,1,holding,40,int32,lsw,big,,,0.1,,,W,INTEGER,HIGH,,
                meter0/Frequency,1,holding,51,int16,,,,,100,,,mHz,INTEGER,HIGH,0x8000,
                meter0/PhaseSequenceError,1,holding,50,uint16,,,,3,,,,,BOOLEAN,HIGH,,"bit 3, status word"
                meter0/ReactivePower,,,44,int16,,,,,,48,,var,INTEGER,HIGH,,
                """;
        ModbusMap fromCsv = ModbusMapFormat.parseCsv("meter.csv", csv);
        String json = """
                {"format": "uplink.modbus-map/1", "components": [{"id": "meter0"}], "points": [
                  {"channel": "meter0/ActivePower", "unitId": 1, "address": 40, "type": "int32", "wordOrder": "lsw",
                   "scale": 0.1, "unit": "W", "openemsType": "INTEGER", "priority": "HIGH"},
                  {"channel": "meter0/Frequency", "unitId": 1, "address": 51, "type": "int16", "scale": 100,
                   "unit": "mHz", "priority": "HIGH", "invalid": "0x8000"},
                  {"channel": "meter0/PhaseSequenceError", "unitId": 1, "address": 50, "type": "uint16", "bit": 3,
                   "priority": "HIGH", "text": "bit 3, status word"},
                  {"channel": "meter0/ReactivePower", "address": 44, "type": "int16", "sf": {"address": 48},
                   "unit": "var", "openemsType": "INTEGER", "priority": "HIGH"}]}
                """;
        ModbusMap fromJson = ModbusMapFormat.parseJson("meter.json", json);
        assertEquals(fromJson.points().size(), fromCsv.points().size());
        for (int i = 0; i < fromJson.points().size(); i++) {
            ModbusPoint a = fromJson.points().get(i);
            ModbusPoint b = fromCsv.points().get(i);
            assertEquals(a.metadata(), b.metadata());
            assertEquals(a.toString(), b.toString());
            assertArrayEquals(a.invalid(), b.invalid());
            assertEquals(a.sfAddress(), b.sfAddress());
            assertEquals(0, a.scale().compareTo(b.scale()));
        }
        assertEquals("line 5", fromCsv.points().get(2).location());
    }

    @Test
    void loadsByFileExtension(@TempDir Path dir) throws Exception {
        Path json = Files.writeString(dir.resolve("meter.json"), EXAMPLE);
        Path csv = Files.writeString(dir.resolve("meter.CSV"), "channel,address,type\nm0/A,0,int16\n");
        assertEquals(8, ModbusMapFormat.load(json).points().size());
        assertEquals("m0", ModbusMapFormat.load(csv).components().get(0).id());
    }

    @Test
    void theSiteUnitIdReplacesOnlyTheDefault() throws Exception {
        ModbusMap map = ModbusMapFormat.parseJson("m.json", """
                {"format": "uplink.modbus-map/1", "components": [{"id": "m0"}], "points": [
                  {"channel": "m0/A", "address": 0, "type": "int16"},
                  {"channel": "m0/B", "unitId": 7, "address": 0, "type": "int16"}]}
                """);
        ModbusMap site = map.withDefaultUnitId(3);
        assertEquals(3, site.points().get(0).unitId());
        assertEquals(7, site.points().get(1).unitId());
        ModbusMapException e = assertThrows(ModbusMapException.class, () -> map.withDefaultUnitId(7));
        assertTrue(e.getMessage().contains("overlaps"), e.getMessage());
    }

    @Test
    void badJsonMapsNameThePointerAndTheProblem() {
        String ok = "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int16\"}";
        assertJsonError("/points/1/type", "unknown type 'int17'", ok,
                "{\"channel\": \"m0/B\", \"address\": 1, \"type\": \"int17\"}");
        assertJsonError("/points/0/address", "required", "{\"channel\": \"m0/A\", \"type\": \"int16\"}");
        assertJsonError("/points/0/address", "70000 is not in 0..65535",
                "{\"channel\": \"m0/A\", \"address\": 70000, \"type\": \"int16\"}");
        assertJsonError("/points/1", "overlaps 0..0 of 'm0/A' (/points/0)", ok,
                "{\"channel\": \"m0/B\", \"address\": 0, \"type\": \"int32\"}");
        assertJsonError("/points/1/channel", "also defined at /points/0", ok,
                "{\"channel\": \"m0/A\", \"address\": 5, \"type\": \"int16\"}");
        assertJsonError("/points/0/unit", "unknown unit symbol 'Watt'",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int16\", \"unit\": \"Watt\"}");
        assertJsonError("/points/0/wordorder", "unknown field",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int32\", \"wordorder\": \"lsw\"}");
        assertJsonError("/points/0/length", "required for type string",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"string\"}");
        assertJsonError("/points/0/bit", "only for integer types",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"float32\", \"bit\": 1}");
        assertJsonError("/points/0/bit", "not in 0..15",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"uint16\", \"bit\": 16}");
        assertJsonError("/points/0/type", "type bool is for the coil and discrete tables",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"bool\"}");
        assertJsonError("/points/0/type", "the coil table holds bits",
                "{\"channel\": \"m0/A\", \"table\": \"coil\", \"address\": 0, \"type\": \"int16\"}");
        assertJsonError("/points/0/sf", "give scale or sf, not both",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int16\", \"scale\": 2, \"sf\": {\"address\": 1}}");
        assertJsonError("/points/0/sf", "it must be int16 or sunssf",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int16\", \"sf\": {\"channel\": \"m0/B\"}}",
                "{\"channel\": \"m0/B\", \"address\": 1, \"type\": \"uint16\"}");
        assertJsonError("/points/0/invalid", "'0x10000' does not fit into 16 bits",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int16\", \"invalid\": [\"0x10000\"]}");
        assertJsonError("/points/0/openemsType", "a bit is BOOLEAN",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"uint16\", \"bit\": 1, \"openemsType\": \"INTEGER\"}");
        assertJsonError("/points/0/channel", "component 'm1' is not listed in /components",
                "{\"channel\": \"m1/A\", \"address\": 0, \"type\": \"int16\"}");
        assertJsonError("/points/0/channel", "reserved",
                "{\"channel\": \"m0/ModbusCommunicationFailed\", \"address\": 0, \"type\": \"int16\"}");
        assertJsonError("/points/0/priority", "Unknown persistence priority [URGENT]",
                "{\"channel\": \"m0/A\", \"address\": 0, \"type\": \"int16\", \"priority\": \"URGENT\"}");
        assertError("/defaults/maxRegistersPerRead", "200 is not in 1..125",
                "{\"format\": \"uplink.modbus-map/1\", \"defaults\": {\"maxRegistersPerRead\": 200},"
                        + " \"components\": [{\"id\": \"m0\"}], \"points\": [" + ok + "]}");
        assertError("/defaults/wordOrder", "'middle' is not msw or lsw",
                "{\"format\": \"uplink.modbus-map/1\", \"defaults\": {\"wordOrder\": \"middle\"},"
                        + " \"components\": [{\"id\": \"m0\"}], \"points\": [" + ok + "]}");
        assertError("/format", "required", "{\"components\": [], \"points\": []}");
        assertError("JSON syntax", "line 1", "{\"format\": \"uplink.modbus-map/1\", \"points\": [,]}");
    }

    @Test
    void badCsvMapsNameTheLineAndColumn() {
        assertCsvError("line 3, column type", "unknown type 'int17'",
                "channel,address,type\n# comment\nm0/A,0,int17\n");
        assertCsvError("line 2, column address", "'x1' is not a whole number", "channel,address,type\nm0/A,x1,int16\n");
        assertCsvError("line 1", "unknown column 'adress'", "channel,adress,type\n");
        assertCsvError("line 1", "the header has no column 'type'", "channel,address\n");
        assertCsvError("line 3", "2 cells, but the header has 3 columns", "channel,address,type\nm0/A,0,int16\nm0/B,1\n");
        assertCsvError("line 3", "overlaps 0..1 of 'm0/A' (line 2)", "channel,address,type\nm0/A,0,int32\nm0/B,1,int16\n");
        assertCsvError("line 2, column sf_channel", "fill sf_address or sf_channel, not both",
                "channel,address,type,sf_address,sf_channel\nm0/A,0,int16,1,m0/B\n");
    }

    private static void assertJsonError(String location, String problem, String... points) {
        assertError(location, problem, "{\"format\": \"uplink.modbus-map/1\", \"components\": [{\"id\": \"m0\"}],"
                + " \"points\": [" + String.join(",", points) + "]}");
    }

    private static void assertError(String location, String problem, String json) {
        ModbusMapException e = assertThrows(ModbusMapException.class, () -> ModbusMapFormat.parseJson("bad.json", json));
        assertEquals(location, e.location(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.json: " + location + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    private static void assertCsvError(String location, String problem, String csv) {
        ModbusMapException e = assertThrows(ModbusMapException.class, () -> ModbusMapFormat.parseCsv("bad.csv", csv));
        assertEquals(location, e.location(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
