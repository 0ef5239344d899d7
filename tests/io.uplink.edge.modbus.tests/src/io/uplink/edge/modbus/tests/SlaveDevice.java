package io.uplink.edge.modbus.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * j2mod's own TCP slave on a loopback port, with one unit whose process image records every read request
 * (table, address, count), so tests count requests on the device's side. Holding registers in {@code holes}
 * answer exception 2, as devices with unmapped registers do.
 */
final class SlaveDevice implements AutoCloseable {

    record Read(String table, int address, int count) {
    }

    private final ModbusSlave slave;
    private final Image image;
    private final int port;

    private SlaveDevice(ModbusSlave slave, Image image, int port) {
        this.slave = slave;
        this.image = image;
        this.port = port;
    }

    /** A device with {@code size} zeroed entries in each table. */
    static SlaveDevice start(int unitId, int size) throws Exception {
        return startOn(unitId, size, freePort());
    }

    /** The same on a given port (a device coming back). */
    static SlaveDevice startOn(int unitId, int size, int port) throws Exception {
        Image image = new Image(unitId, size);
        ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 5, false, 60);
        slave.addProcessImage(unitId, image);
        slave.open();
        return new SlaveDevice(slave, image, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return this.port;
    }

    void holding(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            this.image.getRegister(address + i).setValue(words[i] & 0xFFFF);
        }
    }

    void input(int address, int... words) {
        for (int i = 0; i < words.length; i++) {
            ((SimpleInputRegister) this.image.getInputRegister(address + i)).setValue(words[i] & 0xFFFF);
        }
    }

    void coil(int address, boolean value) {
        this.image.getDigitalOut(address).set(value);
    }

    void discrete(int address, boolean value) {
        ((SimpleDigitalIn) this.image.getDigitalIn(address)).set(value);
    }

    void hole(int address) {
        synchronized (this.image.holes) {
            this.image.holes.add(address);
        }
    }

    List<Read> reads() {
        synchronized (this.image.reads) {
            return List.copyOf(this.image.reads);
        }
    }

    void clearReads() {
        synchronized (this.image.reads) {
            this.image.reads.clear();
        }
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(this.slave);
    }

    private static final class Image extends SimpleProcessImage {
        final List<Read> reads = new ArrayList<>();
        final Set<Integer> holes = new HashSet<>();

        Image(int unitId, int size) {
            super(unitId);
            for (int i = 0; i < size; i++) {
                addRegister(new SimpleRegister(0));
                addInputRegister(new SimpleInputRegister(0));
                addDigitalOut(new SimpleDigitalOut(false));
                addDigitalIn(new SimpleDigitalIn(false));
            }
        }

        private void record(String table, int offset, int count) {
            synchronized (this.reads) {
                this.reads.add(new Read(table, offset, count));
            }
        }

        @Override
        public Register[] getRegisterRange(int offset, int count) {
            record("holding", offset, count);
            synchronized (this.holes) {
                for (int a = offset; a < offset + count; a++) {
                    if (this.holes.contains(a)) {
                        throw new IllegalAddressException();
                    }
                }
            }
            return super.getRegisterRange(offset, count);
        }

        @Override
        public InputRegister[] getInputRegisterRange(int offset, int count) {
            record("input", offset, count);
            return super.getInputRegisterRange(offset, count);
        }

        @Override
        public DigitalOut[] getDigitalOutRange(int offset, int count) {
            record("coil", offset, count);
            return super.getDigitalOutRange(offset, count);
        }

        @Override
        public DigitalIn[] getDigitalInRange(int offset, int count) {
            record("discrete", offset, count);
            return super.getDigitalInRange(offset, count);
        }
    }
}
