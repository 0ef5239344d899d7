package io.uplink.edge.modbus.tests;

import static io.uplink.edge.modbus.tests.Sources.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelWriteException;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.SourceHealth;
import io.uplink.core.Unit;
import io.uplink.edge.modbus.ModbusHealth;
import io.uplink.edge.modbus.ModbusSource;

/** The source against j2mod's own slave in this JVM: decoding, scaling, sentinels, and requests counted there. */
class ModbusSourceSlaveTest {

    private SlaveDevice device;
    private ModbusSource source;

    @BeforeEach
    void startDevice() throws Exception {
        this.device = SlaveDevice.start(1, 300);
    }

    @AfterEach
    void stop() {
        if (this.source != null) {
            this.source.close();
        }
        this.device.close();
    }

    @Test
    void decodesEveryTypeWordAndByteOrder() throws Exception {
        long int64 = -5_000_000_000L;
        int f32 = Float.floatToIntBits(230.5f);
        long f64 = Double.doubleToLongBits(1234.5678);
        this.device.holding(0, -1234, 65000);
        this.device.holding(2, 0xFFFE, 0x7960); // int32 -100000, high word first
        this.device.holding(4, 0x7960, 0xFFFE); // the same, low word first
        this.device.holding(6, 0xBBAA, 0xDDCC); // uint32 0xAABBCCDD, high word first, bytes swapped
        this.device.holding(8, 0xDDCC, 0xBBAA); // the same, low word first, bytes swapped
        this.device.holding(10, (int) (int64 >>> 48), (int) (int64 >>> 32), (int) (int64 >>> 16), (int) int64);
        this.device.holding(14, 0, 0x0100, 0, 0); // uint64 2^40
        this.device.holding(18, f32 >>> 16, f32);
        this.device.holding(20, f32, f32 >>> 16);
        this.device.holding(22, (int) (f64 >>> 48), (int) (f64 >>> 32), (int) (f64 >>> 16), (int) f64);
        this.device.holding(26, 'E' << 8 | 'M', '-' << 8 | '3', '4' << 8 | '0', 0);
        this.device.holding(30, 'B' << 8 | 'A', 'D' << 8 | 'C');
        this.device.holding(32, 0b1000);
        this.device.input(0, 42);
        this.device.coil(5, true);
        this.device.discrete(7, true);
        this.source = start(map("\"priority\": \"HIGH\"",
                "{\"channel\": \"dev0/Int16\", \"address\": 0, \"type\": \"int16\", \"unit\": \"W\"}",
                "{\"channel\": \"dev0/Uint16\", \"address\": 1, \"type\": \"uint16\"}",
                "{\"channel\": \"dev0/Int32\", \"address\": 2, \"type\": \"int32\"}",
                "{\"channel\": \"dev0/Int32Lsw\", \"address\": 4, \"type\": \"int32\", \"wordOrder\": \"lsw\"}",
                "{\"channel\": \"dev0/Uint32Little\", \"address\": 6, \"type\": \"uint32\", \"byteOrder\": \"little\"}",
                "{\"channel\": \"dev0/Uint32LswLittle\", \"address\": 8, \"type\": \"uint32\", \"wordOrder\": \"lsw\","
                        + " \"byteOrder\": \"little\"}",
                "{\"channel\": \"dev0/Int64\", \"address\": 10, \"type\": \"int64\", \"unit\": \"Wh_Σ\"}",
                "{\"channel\": \"dev0/Uint64\", \"address\": 14, \"type\": \"uint64\"}",
                "{\"channel\": \"dev0/Float32\", \"address\": 18, \"type\": \"float32\", \"unit\": \"V\"}",
                "{\"channel\": \"dev0/Float32Lsw\", \"address\": 20, \"type\": \"float32\", \"wordOrder\": \"lsw\"}",
                "{\"channel\": \"dev0/Float64\", \"address\": 22, \"type\": \"float64\"}",
                "{\"channel\": \"dev0/Serial\", \"address\": 26, \"type\": \"string\", \"length\": 4}",
                "{\"channel\": \"dev0/Little\", \"address\": 30, \"type\": \"string\", \"length\": 2, \"byteOrder\": \"little\"}",
                "{\"channel\": \"dev0/Bit3\", \"address\": 32, \"type\": \"uint16\", \"bit\": 3}",
                "{\"channel\": \"dev0/Bit0\", \"address\": 32, \"type\": \"uint16\", \"bit\": 0}",
                "{\"channel\": \"dev0/Input\", \"table\": \"input\", \"address\": 0, \"type\": \"int16\"}",
                "{\"channel\": \"dev0/Coil\", \"table\": \"coil\", \"address\": 5, \"type\": \"bool\"}",
                "{\"channel\": \"dev0/CoilOff\", \"table\": \"coil\", \"address\": 6, \"type\": \"bool\"}",
                "{\"channel\": \"dev0/Discrete\", \"table\": \"discrete\", \"address\": 7, \"type\": \"bool\"}"),
                this.device.port());
        awaitPolls(this.source, 1);

        assertEquals(-1234L, value(this.source, "dev0/Int16"));
        assertEquals(65000L, value(this.source, "dev0/Uint16"));
        assertEquals(-100000L, value(this.source, "dev0/Int32"));
        assertEquals(-100000L, value(this.source, "dev0/Int32Lsw"));
        assertEquals(0xAABBCCDDL, value(this.source, "dev0/Uint32Little"));
        assertEquals(0xAABBCCDDL, value(this.source, "dev0/Uint32LswLittle"));
        assertEquals(int64, value(this.source, "dev0/Int64"));
        assertEquals(1L << 40, value(this.source, "dev0/Uint64"));
        assertEquals(230.5, value(this.source, "dev0/Float32"));
        assertEquals(230.5, value(this.source, "dev0/Float32Lsw"));
        assertEquals(1234.5678, value(this.source, "dev0/Float64"));
        assertEquals("EM-340", value(this.source, "dev0/Serial"));
        assertEquals("ABCD", value(this.source, "dev0/Little"));
        assertEquals(Boolean.TRUE, value(this.source, "dev0/Bit3"));
        assertEquals(Boolean.FALSE, value(this.source, "dev0/Bit0"));
        assertEquals(42L, value(this.source, "dev0/Input"));
        assertEquals(Boolean.TRUE, value(this.source, "dev0/Coil"));
        assertEquals(Boolean.FALSE, value(this.source, "dev0/CoilOff"));
        assertEquals(Boolean.TRUE, value(this.source, "dev0/Discrete"));
        assertEquals(Boolean.FALSE, value(this.source, "dev0/ModbusCommunicationFailed"));

        ChannelMetadata int16 = this.source.channels().get(0);
        assertEquals(OpenemsType.INTEGER, int16.type());
        assertEquals(Unit.WATT, int16.unit());
        assertEquals(PersistencePriority.HIGH, int16.priority());
        assertEquals(OpenemsType.LONG, channel("dev0/Uint32Little").type());
        assertEquals(Unit.CUMULATED_WATT_HOURS, channel("dev0/Int64").unit());
        assertEquals(OpenemsType.FLOAT, channel("dev0/Float32").type());
        assertEquals(OpenemsType.DOUBLE, channel("dev0/Float64").type());
        assertEquals(OpenemsType.STRING, channel("dev0/Serial").type());
        assertEquals(OpenemsType.BOOLEAN, channel("dev0/Bit3").type());
        assertTrue(this.source.deviceHealth().connected());
    }

    @Test
    void scalesOffsetsAndSunSpecScaleFactors() throws Exception {
        this.device.holding(0, 2305, 50, 65, 12345, -2 & 0xFFFF, 777, 0x8000, 4000, 1);
        this.source = start(map("",
                "{\"channel\": \"dev0/Voltage\", \"address\": 0, \"type\": \"int16\", \"scale\": 0.1, \"unit\": \"V\"}",
                "{\"channel\": \"dev0/Frequency\", \"address\": 1, \"type\": \"int16\", \"scale\": 100, \"unit\": \"mHz\"}",
                "{\"channel\": \"dev0/Temperature\", \"address\": 2, \"type\": \"uint16\", \"offset\": -40, \"unit\": \"°C\"}",
                "{\"channel\": \"dev0/Power\", \"address\": 3, \"type\": \"int16\", \"sf\": {\"address\": 4}, \"unit\": \"W\"}",
                "{\"channel\": \"dev0/PowerSf\", \"address\": 4, \"type\": \"sunssf\"}",
                "{\"channel\": \"dev0/Current\", \"address\": 5, \"type\": \"uint16\", \"sf\": {\"address\": 6}}",
                "{\"channel\": \"dev0/Energy\", \"address\": 7, \"type\": \"uint16\", \"sf\": {\"channel\": \"dev0/EnergySf\"}}",
                "{\"channel\": \"dev0/EnergySf\", \"address\": 8, \"type\": \"sunssf\"}",
                "{\"channel\": \"dev0/OtherUnit\", \"unitId\": 2, \"address\": 0, \"type\": \"int16\"}"),
                this.device.port());
        awaitPolls(this.source, 1);
        assertEquals(230.5, value(this.source, "dev0/Voltage"));
        assertEquals(OpenemsType.FLOAT, channel("dev0/Voltage").type());
        assertEquals(5000L, value(this.source, "dev0/Frequency"));
        assertEquals(OpenemsType.INTEGER, channel("dev0/Frequency").type());
        assertEquals(25L, value(this.source, "dev0/Temperature"));
        assertEquals(123.45, value(this.source, "dev0/Power"));
        assertEquals(-2L, value(this.source, "dev0/PowerSf"));
        assertNull(value(this.source, "dev0/Current"), "scale factor 0x8000 is 'not implemented'");
        assertEquals(40000.0, value(this.source, "dev0/Energy"));
        // another unit id that this device does not serve: its points are empty and the component is marked
        assertNull(value(this.source, "dev0/OtherUnit"));
        assertEquals(Boolean.TRUE, value(this.source, "dev0/ModbusCommunicationFailed"));
        assertEquals(SourceHealth.State.DEGRADED, this.source.health().state(), this.source.health().toString());
        assertTrue(this.source.health().message().contains("unit 2 holding 0..0"), this.source.health().toString());
    }

    @Test
    void sentinelsMeanNoValue() throws Exception {
        int nan = Float.floatToIntBits(Float.NaN);
        this.device.holding(0, 0x8000, 0xFFFF, 0xFFFF, 0xFFFF, 0x8000, 12, nan >>> 16, nan, 0, 0, 0, 0);
        this.source = start(map("",
                "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\", \"invalid\": [\"0x8000\"]}",
                "{\"channel\": \"dev0/B\", \"address\": 1, \"type\": \"enum16\"}",
                "{\"channel\": \"dev0/C\", \"address\": 2, \"type\": \"int16\", \"invalid\": \"-1\"}",
                "{\"channel\": \"dev0/D\", \"address\": 3, \"type\": \"uint16\"}",
                "{\"channel\": \"dev0/E\", \"address\": 4, \"type\": \"sunssf\"}",
                "{\"channel\": \"dev0/F\", \"address\": 5, \"type\": \"uint16\", \"invalid\": [\"0xFFFF\", \"0x8000\"]}",
                "{\"channel\": \"dev0/G\", \"address\": 6, \"type\": \"float32\", \"invalid\": [\"NaN\"]}",
                "{\"channel\": \"dev0/H\", \"address\": 8, \"type\": \"acc32\"}",
                "{\"channel\": \"dev0/I\", \"address\": 10, \"type\": \"string\", \"length\": 2}"),
                this.device.port());
        awaitPolls(this.source, 1);
        assertNull(value(this.source, "dev0/A"));
        assertNull(value(this.source, "dev0/B"), "enum16 brings SunSpec's 0xFFFF");
        assertNull(value(this.source, "dev0/C"), "-1 is 0xFFFF as int16");
        assertEquals(65535L, value(this.source, "dev0/D"), "plain uint16 has no sentinel unless listed");
        assertNull(value(this.source, "dev0/E"));
        assertEquals(12L, value(this.source, "dev0/F"));
        assertNull(value(this.source, "dev0/G"));
        assertNull(value(this.source, "dev0/H"), "acc32 0 is 'not accumulated'");
        assertNull(value(this.source, "dev0/I"), "an all-NUL string is no value");
        assertEquals(Boolean.FALSE, value(this.source, "dev0/ModbusCommunicationFailed"));
    }

    @Test
    void plansFewRequestsCountedOnTheDevice() throws Exception {
        // 0..2 contiguous, 10 within maxGap 8 (a hole of 7), 200 far away; input and coil tables need their own requests
        String[] points = {
                "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}",
                "{\"channel\": \"dev0/B\", \"address\": 1, \"type\": \"int32\"}",
                "{\"channel\": \"dev0/C\", \"address\": 10, \"type\": \"int16\"}",
                "{\"channel\": \"dev0/D\", \"address\": 200, \"type\": \"int16\"}",
                "{\"channel\": \"dev0/E\", \"table\": \"input\", \"address\": 3, \"type\": \"int16\"}",
                "{\"channel\": \"dev0/F\", \"table\": \"coil\", \"address\": 0, \"type\": \"bool\"}",
                "{\"channel\": \"dev0/G\", \"table\": \"coil\", \"address\": 100, \"type\": \"bool\"}" };
        this.source = start(map("\"pollIntervalMs\": 3600000", points), this.device.port());
        awaitPolls(this.source, 1);
        assertEquals(List.of(new SlaveDevice.Read("holding", 0, 11), new SlaveDevice.Read("holding", 200, 1),
                new SlaveDevice.Read("input", 3, 1), new SlaveDevice.Read("coil", 0, 1),
                new SlaveDevice.Read("coil", 100, 1)), this.device.reads());
        this.source.close();
        this.device.clearReads();

        this.source = start(map("\"pollIntervalMs\": 3600000, \"maxGap\": 0, \"maxBitsPerRead\": 2000", points),
                this.device.port());
        awaitPolls(this.source, 1);
        assertEquals(6, this.device.reads().size(), "maxGap 0 reads 10 apart: " + this.device.reads());
        this.source.close();
        this.device.clearReads();

        // 70 int32 points over 140 registers: 125 per request at most, and a point is never split
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            many.append(i > 0 ? "," : "").append("{\"channel\": \"dev0/P").append(i).append("\", \"address\": ")
                    .append(2 * i).append(", \"type\": \"int32\"}");
        }
        this.source = start(map("\"pollIntervalMs\": 3600000", many.toString()), this.device.port());
        awaitPolls(this.source, 1);
        assertEquals(List.of(new SlaveDevice.Read("holding", 0, 124), new SlaveDevice.Read("holding", 124, 16)),
                this.device.reads());
    }

    @Test
    void aReadRefusedAcrossAHoleIsSplitAndThenSucceeds() throws Exception {
        this.device.holding(0, 7);
        this.device.holding(8, 9);
        this.device.hole(5);
        this.source = start(map("\"pollIntervalMs\": 200",
                "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}",
                "{\"channel\": \"dev0/B\", \"address\": 8, \"type\": \"int16\"}"), this.device.port());
        awaitPolls(this.source, 2);
        assertEquals(7L, value(this.source, "dev0/A"));
        assertEquals(9L, value(this.source, "dev0/B"));
        List<SlaveDevice.Read> reads = this.device.reads();
        assertEquals(new SlaveDevice.Read("holding", 0, 9), reads.get(0), reads.toString());
        assertTrue(reads.subList(1, reads.size()).stream().allMatch(r -> r.count() == 1), reads.toString());
        assertEquals(List.of("unit 1 holding 0..0", "unit 1 holding 8..8"), this.source.plannedRequests());
        assertTrue(this.source.deviceHealth().connected());
    }

    @Test
    void reconnectsWhenTheDeviceComesBack() throws Exception {
        this.device.holding(0, 5);
        int port = this.device.port();
        this.source = start(map("\"pollIntervalMs\": 200, \"timeoutMs\": 300",
                "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}"), port);
        awaitPolls(this.source, 1);
        assertEquals(5L, value(this.source, "dev0/A"));

        this.device.close();
        ModbusHealth lost = await(this.source, h -> h.state() == ModbusHealth.State.DISCONNECTED, "the loss");
        assertFalse(lost.lastError().isEmpty());
        assertNull(value(this.source, "dev0/A"));
        assertNull(value(this.source, "dev0/ModbusCommunicationFailed"), "nothing is known while it is away");
        assertEquals(SourceHealth.State.UNAVAILABLE, this.source.health().state());

        this.device = SlaveDevice.startOn(1, 300, port);
        this.device.holding(0, 6);
        await(this.source, ModbusHealth::connected, "the reconnect");
        awaitPolls(this.source, 1);
        assertEquals(6L, value(this.source, "dev0/A"));
        assertEquals(Boolean.FALSE, value(this.source, "dev0/ModbusCommunicationFailed"));
        assertTrue(this.source.health().isOk(), this.source.health().toString());
    }

    /** The issue's figure: 500 registers per cycle; prints poll wall time, poller CPU per poll and read() cost. */
    @Test
    void fiveHundredRegistersTakeFourRequests() throws Exception {
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            points.append(i > 0 ? "," : "").append("{\"channel\": \"dev0/R").append(i).append("\", \"address\": ")
                    .append(i).append(", \"type\": \"int16\", \"scale\": 0.1}");
        }
        this.device.close(); // the shared one has 300 registers
        this.device = SlaveDevice.start(1, 500);
        for (int i = 0; i < 500; i++) {
            this.device.holding(i, i);
        }
        this.source = start(map("\"pollIntervalMs\": 200", points.toString()), this.device.port());
        awaitPolls(this.source, 3);
        Thread poller = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("uplink-modbus " + this.source.id())).findFirst().orElseThrow();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long polls0 = this.source.deviceHealth().polls();
        long cpu0 = cpu.getThreadCpuTime(poller.threadId());
        awaitPolls(this.source, 10);
        long polls = this.source.deviceHealth().polls() - polls0;
        double cpuPerPoll = (cpu.getThreadCpuTime(poller.threadId()) - cpu0) / 1e6 / polls;
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            this.source.read(System.currentTimeMillis());
        }
        double readMicros = (System.nanoTime() - t0) / 1e3 / 1000;
        System.out.printf("500 registers: %s; poll %.1f ms wall, %.2f ms poller CPU per poll; read() %.1f µs%n",
                this.source.plannedRequests(), this.source.deviceHealth().lastPollMillis(), cpuPerPoll, readMicros);
        assertEquals(4, this.source.plannedRequests().size());
        assertEquals(49.9, value(this.source, "dev0/R499"));
        assertTrue(this.source.deviceHealth().lastPollMillis() < 2_000, this.source.deviceHealth().toString());
    }

    @Test
    void channelsAreReadOnly() throws Exception {
        this.source = start(map("", "{\"channel\": \"dev0/A\", \"address\": 0, \"type\": \"int16\"}"),
                this.device.port());
        ChannelWriteException e = assertThrows(ChannelWriteException.class,
                () -> this.source.write(ChannelAddress.parse("dev0/A"), 1));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
    }

    private ChannelMetadata channel(String address) {
        return this.source.channels().stream().filter(c -> c.address().equals(ChannelAddress.parse(address)))
                .findFirst().orElseThrow();
    }
}
