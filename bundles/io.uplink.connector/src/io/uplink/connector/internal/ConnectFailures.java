package io.uplink.connector.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

/** Turns a failed connection attempt into one line a technician can act on. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static String describe(URI uri, Throwable failure) {
        String target = uri.getHost() + ":" + port(uri);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "DNS: the host name " + uri.getHost() + " cannot be resolved; check the uri and the device's DNS";
            }
            if (cause instanceof ConnectException) {
                return "refused: nothing accepts connections on " + target + "; is the Backend running and the port right?";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to " + target + "; check the network and the gateway";
            }
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return "timeout: " + target + " did not complete the WebSocket handshake in time";
            }
            if (cause instanceof SSLException) {
                return "TLS: " + cause.getMessage();
            }
        }
        String message = failure.getMessage();
        if (message != null && message.contains("Response code was not 101")) {
            return "the server at " + target + " refused the WebSocket upgrade (" + message + "); check the uri's path";
        }
        return "connection to " + target + " failed: " + (message != null ? message : failure.getClass().getSimpleName());
    }

    private static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
