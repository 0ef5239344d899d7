package io.uplink.edge.modbus;

/**
 * A register map that cannot be used. The message names the file and where in it: a JSON pointer
 * ({@code /points/3/type}) or a CSV line and column ({@code line 7, column type}).
 */
public final class ModbusMapException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String location;

    public ModbusMapException(String file, String location, String problem) {
        super(file + ": " + location + ": " + problem);
        this.location = location;
    }

    /** The JSON pointer or CSV line/column of the problem. */
    public String location() {
        return this.location;
    }
}
