package io.uplink.connector.tests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A real SOCKS5 proxy for tests: Debian's microsocks (installed by test.sh) on a free loopback port, with
 * username/password authentication (RFC 1929) when a user is given. It resolves host names itself, as a SOCKS5
 * proxy asked with ATYP DOMAINNAME must.
 */
final class MicroSocks implements AutoCloseable {

    private final ServerProcess server;

    private MicroSocks(ServerProcess server) {
        this.server = server;
    }

    static Optional<Path> binary() {
        return ServerProcess.binary("/usr/bin/microsocks", "/usr/local/bin/microsocks");
    }

    /** @param user null for a proxy without authentication */
    static MicroSocks start(Path binary, String user, String password) throws IOException, InterruptedException {
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-i", "127.0.0.1", "-p",
                Integer.toString(port)));
        if (user != null) {
            command.addAll(List.of("-u", user, "-P", password)); // a test password: the process list does not matter
        }
        return new MicroSocks(ServerProcess.start("microsocks", ServerProcess.directory("microsocks"), port, command));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
