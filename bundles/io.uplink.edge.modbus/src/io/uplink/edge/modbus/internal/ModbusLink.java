package io.uplink.edge.modbus.internal;

import java.net.InetAddress;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.io.ModbusTCPTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;

/** One kept-open Modbus/TCP connection (j2mod master), used by one thread. */
final class ModbusLink implements AutoCloseable {

    private final TCPMasterConnection connection;
    private final ModbusTCPTransaction transaction;

    /**
     * Connects within {@code timeoutMs}.
     *
     * @param attempts tries per request; j2mod reads 0 or less as 5, so this is at least 1
     */
    ModbusLink(String host, int port, int timeoutMs, int attempts) throws Exception {
        this.connection = new TCPMasterConnection(InetAddress.getByName(host));
        this.connection.setPort(port);
        this.connection.setTimeout(timeoutMs);
        this.connection.connect();
        this.transaction = new ModbusTCPTransaction(this.connection);
        this.transaction.setRetries(Math.max(1, attempts));
        // a reconnect per transaction would hide a dead link and cost a handshake per request
        this.transaction.setReconnecting(false);
    }

    /** Reads one request's registers (0..65535) or bits (0/1). */
    int[] read(ReadPlanner.Request request) throws ModbusException {
        ModbusRequest message = switch (request.table()) {
            case HOLDING -> new ReadMultipleRegistersRequest(request.address(), request.count());
            case INPUT -> new ReadInputRegistersRequest(request.address(), request.count());
            case COIL -> new ReadCoilsRequest(request.address(), request.count());
            case DISCRETE -> new ReadInputDiscretesRequest(request.address(), request.count());
        };
        message.setUnitID(request.unitId());
        this.transaction.setRequest(message);
        this.transaction.execute();
        ModbusResponse response = this.transaction.getResponse();
        int[] values = new int[request.count()];
        try {
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (response) {
                    case ReadMultipleRegistersResponse r -> r.getRegisterValue(i);
                    case ReadInputRegistersResponse r -> r.getRegisterValue(i);
                    case ReadCoilsResponse r -> r.getCoilStatus(i) ? 1 : 0;
                    case ReadInputDiscretesResponse r -> r.getDiscreteStatus(i) ? 1 : 0;
                    default -> throw new ModbusException("unexpected response " + response.getClass().getSimpleName());
                };
            }
        } catch (IndexOutOfBoundsException e) {
            throw new ModbusException("short response to " + request + ": " + e.getMessage());
        }
        return values;
    }

    boolean isConnected() {
        return this.connection.isConnected();
    }

    @Override
    public void close() {
        this.connection.close();
    }
}
