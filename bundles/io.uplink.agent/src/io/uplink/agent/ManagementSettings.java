package io.uplink.agent;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote management endpoint the workbench attaches to ({@code --management=HOST:PORT}); off unless given.
 *
 * @param host the address to listen on (127.0.0.1 for the device only, 0.0.0.0 or the LAN address for the laptop)
 * @param port the TCP port (0 = any free port, for tests)
 * @param tls serve wss:// with the agent's self-signed certificate
 * @param tokenFile a file holding the management token; empty: the agent generates one in its data directory
 */
public record ManagementSettings(String host, int port, boolean tls, Optional<Path> tokenFile) {

    public ManagementSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tokenFile, "tokenFile");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }
}
