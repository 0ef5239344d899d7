package io.uplink.connector.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.ProxyType;

/**
 * Opens a tunnel to the Backend's host and port through a proxy Tyrus cannot speak to itself: SOCKS5 (RFC 1928, with
 * RFC 1929 username/password) or HTTP CONNECT to a proxy reached over TLS ({@code proxyType=HTTPS}). The Backend's
 * host name is sent to the proxy as it is (SOCKS5 ATYP DOMAINNAME, or the CONNECT authority): the proxy resolves it,
 * as a device behind a proxy often has no DNS of its own. Every failure comes back as a {@link DiagnosedException}.
 * Reads and writes are blocking and bounded by the timeout until the tunnel stands; afterwards the socket has no
 * read timeout (a dead link is the pings' business).
 */
final class ProxyTunnel {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** A CONNECT answer's header block larger than this is not a proxy we understand. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private ProxyTunnel() {
    }

    /** @return a socket whose bytes go to the Backend's host:port */
    static Socket open(ConnectorConfig config, URI backend, Duration timeout) throws DiagnosedException {
        String proxy = BackendLink.proxyDisplay(config);
        String host = hostOf(backend);
        int port = ConnectFailures.port(backend);
        Socket socket = connect(config.proxyAddress(), config.proxyPort(), proxy, timeout);
        try {
            socket.setSoTimeout((int) timeout.toMillis());
            Socket tunnel = switch (config.proxyType()) {
                case SOCKS -> socks5(socket, proxy, host, port, config.proxyUsername(), config.proxyPassword());
                case HTTPS -> httpsConnect(socket, config, proxy, host, port);
                default -> throw new IllegalArgumentException("no tunnel for proxyType " + config.proxyType());
            };
            tunnel.setSoTimeout(0);
            return tunnel;
        } catch (DiagnosedException e) {
            closeQuietly(socket);
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new DiagnosedException(Diagnosis.TIMEOUT, "the " + kind(config) + " proxy " + proxy
                    + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the " + kind(config) + " proxy " + proxy
                    + " broke off the connection to " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    private static String kind(ConnectorConfig config) {
        return config.proxyType() == ProxyType.SOCKS ? "SOCKS5" : "HTTPS";
    }

    /** The URI's host without IPv6 brackets. */
    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static Socket connect(String address, int port, String proxy, Duration timeout) throws DiagnosedException {
        // the proxy's own name is resolved here, as Tyrus does for an HTTP proxy
        InetSocketAddress endpoint = new InetSocketAddress(address, port);
        if (endpoint.isUnresolved()) {
            throw new DiagnosedException(Diagnosis.DNS_FAILURE, "cannot resolve the proxy " + proxy, null);
        }
        Socket socket = new Socket();
        try {
            socket.connect(endpoint, (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            if (e instanceof NoRouteToHostException) {
                throw new DiagnosedException(Diagnosis.NETWORK_UNREACHABLE, "no route to the proxy " + proxy, e);
            }
            if (e instanceof SocketTimeoutException) {
                throw new DiagnosedException(Diagnosis.TIMEOUT, "the proxy " + proxy + " did not accept the"
                        + " connection within " + timeout.toSeconds() + " s", e);
            }
            throw new DiagnosedException(Diagnosis.PROXY_UNREACHABLE, "nothing accepts connections on the proxy "
                    + proxy, e);
        }
    }

    // --- SOCKS5 (RFC 1928) with username/password (RFC 1929) ---

    private static Socket socks5(Socket socket, String proxy, String host, int port, String user, String password)
            throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        boolean credentials = !user.isEmpty();
        // offer "no authentication" always, username/password only when configured
        out.write(credentials ? new byte[] { 5, 2, 0, 2 } : new byte[] { 5, 1, 0 });
        out.flush();
        int version = readByte(in, proxy);
        if (version != 5) {
            throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the proxy " + proxy + " does not speak SOCKS5"
                    + " (it answered with version " + version + ")", null);
        }
        int method = readByte(in, proxy);
        if (method == 0xFF) {
            throw new DiagnosedException(Diagnosis.SOCKS_AUTH_FAILED, credentials
                    ? "the SOCKS5 proxy " + proxy + " accepts neither username/password nor no authentication"
                    : "the SOCKS5 proxy " + proxy + " requires authentication: set proxyUsername and proxyPassword",
                    null);
        }
        if (method == 2 && credentials) {
            byte[] name = bytes255(user, "proxyUsername");
            byte[] secret = bytes255(password, "proxyPassword");
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(1);
            request.write(name.length);
            request.write(name);
            request.write(secret.length);
            request.write(secret);
            out.write(request.toByteArray());
            out.flush();
            readByte(in, proxy); // the sub-negotiation's version: 1, though some servers answer 5
            int status = readByte(in, proxy);
            if (status != 0) {
                throw new DiagnosedException(Diagnosis.SOCKS_AUTH_FAILED, "the SOCKS5 proxy " + proxy
                        + " refused the username/password of user '" + user + "'", null);
            }
        } else if (method != 0) {
            throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the SOCKS5 proxy " + proxy
                    + " chose authentication method " + method + ", which was not offered", null);
        }
        out.write(connectRequest(host, port));
        out.flush();
        readByte(in, proxy); // version
        int reply = readByte(in, proxy);
        readByte(in, proxy); // reserved
        int addressType = readByte(in, proxy);
        int boundAddressLength = switch (addressType) {
            case 1 -> 4;
            case 4 -> 16;
            case 3 -> readByte(in, proxy);
            default -> throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the SOCKS5 proxy " + proxy
                    + " answered with an unknown address type " + addressType, null);
        };
        if (reply != 0) {
            throw socksReply(proxy, host + ":" + port, reply);
        }
        readFully(in, boundAddressLength + 2, proxy); // the proxy's bound address and port: not needed
        return socket;
    }

    /** CONNECT with the host as it is in the uri: an IP literal as such, a name as DOMAINNAME for the proxy to resolve. */
    private static byte[] connectRequest(String host, int port) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(new byte[] { 5, 1, 0 });
        if (IPV4.matcher(host).matches() || host.contains(":")) {
            byte[] address = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            request.write(address.length == 4 ? 1 : 4);
            request.write(address);
        } else {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            if (name.length > 255) {
                throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the host name " + host
                        + " is too long for SOCKS5 (at most 255 bytes)", null);
            }
            request.write(3);
            request.write(name.length);
            request.write(name);
        }
        request.write(port >> 8);
        request.write(port & 0xFF);
        return request.toByteArray();
    }

    /** RFC 1928 section 6: the ruleset is the proxy's refusal; every other failure is about reaching the target. */
    private static DiagnosedException socksReply(String proxy, String target, int reply) {
        String meaning = switch (reply) {
            case 1 -> "general failure (often: the proxy cannot resolve the host name)";
            case 2 -> "connection not allowed by the proxy's rules";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused by the Backend's host";
            case 6 -> "TTL expired (timeout)";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unknown reply";
        };
        Diagnosis diagnosis = reply == 2 || reply == 7 || reply == 8 ? Diagnosis.PROXY_REFUSED
                : Diagnosis.SOCKS_TARGET_UNREACHABLE;
        return new DiagnosedException(diagnosis, "the SOCKS5 proxy " + proxy + " cannot connect to " + target
                + ": REP " + reply + ", " + meaning, null);
    }

    private static byte[] bytes255(String text, String attribute) throws DiagnosedException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > 255) {
            // the length only: the text may be the password
            throw new DiagnosedException(Diagnosis.SOCKS_AUTH_FAILED, attribute + " must be 1 to 255 bytes for"
                    + " SOCKS5 (RFC 1929); it has " + bytes.length, null);
        }
        return bytes;
    }

    // --- HTTP CONNECT over TLS ---

    private static Socket httpsConnect(Socket socket, ConnectorConfig config, String proxy, String host, int port)
            throws IOException {
        SSLSocket tls;
        try {
            tls = (SSLSocket) TlsSetup.proxyContext(config).getSocketFactory().createSocket(socket,
                    config.proxyAddress(), config.proxyPort(), true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the proxy's name is verified like a Backend's
            tls.setSSLParameters(parameters);
            tls.startHandshake();
        } catch (SSLException e) {
            throw ConnectFailures.tlsFailure("the proxy " + proxy, e);
        }
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        StringBuilder request = new StringBuilder("CONNECT ").append(authority).append(" HTTP/1.1\r\nHost: ")
                .append(authority).append("\r\n");
        if (!config.proxyUsername().isEmpty()) {
            request.append("Proxy-Authorization: Basic ").append(Base64.getEncoder().encodeToString(
                    (config.proxyUsername() + ":" + config.proxyPassword()).getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = tls.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String header = readHeader(tls.getInputStream(), proxy);
        String statusLine = header.lines().findFirst().orElse("");
        Matcher status = STATUS_LINE.matcher(statusLine);
        if (!status.matches()) {
            throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the proxy " + proxy
                    + " did not answer CONNECT as an HTTP proxy", null);
        }
        int code = Integer.parseInt(status.group(1));
        if (code / 100 != 2) {
            boolean auth = code == 407 || code == 401;
            throw new DiagnosedException(auth ? Diagnosis.PROXY_AUTH_REQUIRED : Diagnosis.PROXY_REFUSED,
                    "the proxy " + proxy + " answered CONNECT to " + authority + " with HTTP " + code, null);
        }
        return tls;
    }

    /** Reads up to the blank line, byte by byte: whatever follows belongs to the tunnel. */
    private static String readHeader(InputStream in, String proxy) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the proxy " + proxy + " closed the connection before answering CONNECT");
            }
            header.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (header.size() > MAX_HEADER_BYTES) {
                throw new DiagnosedException(Diagnosis.PROXY_REFUSED, "the proxy " + proxy
                        + " answered CONNECT with more than " + MAX_HEADER_BYTES + " bytes of header", null);
            }
        }
        return header.toString(StandardCharsets.ISO_8859_1);
    }

    private static int readByte(InputStream in, String proxy) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the proxy " + proxy + " closed the connection during the handshake");
        }
        return b;
    }

    private static void readFully(InputStream in, int length, String proxy) throws IOException {
        for (int i = 0; i < length; i++) {
            readByte(in, proxy);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
