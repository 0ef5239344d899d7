package io.uplink.edge.modbus.tests;

import java.time.Duration;
import java.util.function.Predicate;

import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelSnapshot;
import io.uplink.edge.modbus.ModbusHealth;
import io.uplink.edge.modbus.ModbusMap;
import io.uplink.edge.modbus.ModbusMapException;
import io.uplink.edge.modbus.ModbusMapFormat;
import io.uplink.edge.modbus.ModbusSource;

/** Helpers shared by the source tests. */
final class Sources {
    /** Waits are generous: the build machine has 2 cores shared with other builds. */
    static final Duration WAIT = Duration.ofSeconds(20);

    private Sources() {
    }

    static ModbusMap map(String json) throws ModbusMapException {
        return ModbusMapFormat.parseJson("test.json", json);
    }

    /** A map with one component {@code dev0}, the given defaults and points (JSON fragments). */
    static ModbusMap map(String defaults, String... points) throws ModbusMapException {
        return map("{\"format\": \"uplink.modbus-map/1\", \"defaults\": {" + defaults + "},"
                + " \"components\": [{\"id\": \"dev0\"}], \"points\": [" + String.join(",", points) + "]}");
    }

    static ModbusSource start(ModbusMap map, int port) {
        ModbusSource source = new ModbusSource("modbus://127.0.0.1:" + port, "127.0.0.1", port, map, 200, 1_000);
        source.start();
        return source;
    }

    static ModbusHealth await(ModbusSource source, Predicate<ModbusHealth> condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ModbusHealth health = source.deviceHealth();
            if (condition.test(health)) {
                return health;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; health: " + health);
            }
            Thread.sleep(20);
        }
    }

    /** Waits until {@code polls} more polls completed than when called. */
    static void awaitPolls(ModbusSource source, int polls) throws InterruptedException {
        long target = source.deviceHealth().polls() + polls;
        await(source, h -> h.polls() >= target, target + " polls");
    }

    static Object value(ChannelSnapshot snapshot, String address) {
        ChannelAddress wanted = ChannelAddress.parse(address);
        for (int i = 0; i < snapshot.size(); i++) {
            if (snapshot.channel(i).address().equals(wanted)) {
                return snapshot.value(i);
            }
        }
        throw new AssertionError("no channel " + address + " in " + snapshot.channels());
    }

    static Object value(ModbusSource source, String address) {
        return value(source.read(System.currentTimeMillis()), address);
    }
}
