package io.uplink.edge.modbus.tests;

import static io.uplink.edge.modbus.tests.Sources.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.uplink.edge.modbus.ModbusHealth;
import io.uplink.edge.modbus.ModbusSource;
import io.uplink.testkit.source.ChannelSourceContract;

/** The Modbus source keeps the channel-source contract, against j2mod's slave; its channel set is fixed. */
class ModbusSourceContractTest extends ChannelSourceContract<ModbusSource> {

    private final Map<ModbusSource, SlaveDevice> devices = new HashMap<>();

    private static final String[] POINTS = {
            "{\"channel\": \"dev0/Power\", \"address\": 0, \"type\": \"int16\", \"unit\": \"W\"}",
            "{\"channel\": \"dev0/Energy\", \"address\": 1, \"type\": \"uint32\", \"unit\": \"Wh_Σ\"}",
            "{\"channel\": \"dev0/Voltage\", \"address\": 3, \"type\": \"uint16\", \"scale\": 0.1, \"unit\": \"V\"}",
            "{\"channel\": \"dev0/Frequency\", \"address\": 4, \"type\": \"float32\", \"unit\": \"Hz\"}",
            "{\"channel\": \"dev0/Alarm\", \"address\": 6, \"type\": \"uint16\", \"bit\": 0}",
            "{\"channel\": \"dev0/Model\", \"address\": 7, \"type\": \"string\", \"length\": 2}",
            "{\"channel\": \"dev0/Relay\", \"table\": \"coil\", \"address\": 0, \"type\": \"bool\"}" };

    @Override
    protected ModbusSource createSource() throws Exception {
        SlaveDevice device = SlaveDevice.start(1, 20);
        int f = Float.floatToIntBits(50.01f);
        device.holding(0, -1500, 0, 123_456, 2301, f >>> 16, f, 1, 'E' << 8 | 'M', '1' << 8);
        device.coil(0, true);
        ModbusSource source = start(map("\"pollIntervalMs\": 200", POINTS), device.port());
        this.devices.put(source, device);
        await(source, ModbusHealth::connected, "the first poll");
        return source;
    }

    @Override
    protected Optional<ModbusSource> createSourceWithDeviceDown() throws Exception {
        ModbusSource source = start(map("\"timeoutMs\": 300", POINTS), SlaveDevice.freePort());
        await(source, h -> h.state() == ModbusHealth.State.DISCONNECTED, "the failed connect");
        return Optional.of(source);
    }

    @Override
    protected void dispose(ModbusSource source) throws Exception {
        source.close();
        SlaveDevice device = this.devices.remove(source);
        if (device != null) {
            device.close();
        }
    }
}
