package io.uplink.connector;

/**
 * Why the connection to the Backend is not up (or, for {@link #OK} and {@link #TLS_CERT_EXPIRES_SOON}, that it is).
 * The names are stable codes: logs, the status model and the workbench show them, and a technician can look them up;
 * {@link #explanation()} says in one line what to check.
 */
public enum Diagnosis {
    OK("connected: the Backend accepted the upgrade and kept the connection open"),
    DNS_FAILURE("the host name cannot be resolved: check the uri (or proxyAddress) and the device's DNS server"),
    CONNECTION_REFUSED("nothing accepts connections on the Backend's host and port: is the Backend (or its reverse"
            + " proxy) running, and is the port in the uri right?"),
    NETWORK_UNREACHABLE("no route to the host: check the device's network link, gateway and firewall"),
    TIMEOUT("no answer in time: a firewall that drops packets, a wrong address or an overloaded Backend"),
    PROXY_UNREACHABLE("nothing accepts connections on proxyAddress:proxyPort: check the proxy settings"),
    PROXY_REFUSED("the proxy refused to open the tunnel to the Backend: check that it allows CONNECT to the uri's"
            + " host and port"),
    PROXY_AUTH_REQUIRED("the proxy wants credentials or refused them (HTTP 407, or 401): check proxyUsername and"
            + " proxyPassword"),
    SOCKS_AUTH_FAILED("the SOCKS proxy refused the username/password, or wants one and none is set: check"
            + " proxyUsername and proxyPassword"),
    /** The SOCKS5 reply code (REP) is in the detail. */
    SOCKS_TARGET_UNREACHABLE("the SOCKS proxy cannot reach the Backend (it failed to resolve or connect to the uri's"
            + " host and port): check the uri and the proxy's network"),
    TLS_UNKNOWN_CA("the Backend's (or the HTTPS proxy's) certificate is not signed by a trusted CA: give its CA in"
            + " tlsCaFile, or install the full chain on the server"),
    TLS_HOSTNAME_MISMATCH("the Backend's certificate is not issued for the host in the uri (an HTTPS proxy's: for"
            + " proxyAddress): use the name on the certificate, or reissue the certificate"),
    TLS_CERT_EXPIRED("the Backend's certificate has expired or is not valid yet: renew it, and check the device's"
            + " clock"),
    TLS_CLIENT_CERT_REJECTED("the server requires a client certificate and got none or refused it: set"
            + " tlsClientCertFile and tlsClientKeyFile to a certificate it trusts"),
    TLS_HANDSHAKE_FAILED("the TLS handshake failed (protocol or cipher mismatch, or not a TLS port): see the detail"),
    TLS_CONFIG_INVALID("tlsCaFile, tlsClientCertFile or tlsClientKeyFile cannot be read or is not valid PEM"),
    /** A warning while connected: the Backend's certificate expires within {@code tlsExpiryWarningDays}. */
    TLS_CERT_EXPIRES_SOON("the Backend's certificate expires soon: have it renewed before the connection fails"),
    HTTP_STATUS("the server answered the WebSocket upgrade with another HTTP status than 101: check the uri's path"
            + " and the reverse proxy in front of the Backend"),
    CLOSED_AFTER_UPGRADE("the Backend accepted the connection and closed it at once: this is how a Backend refuses"
            + " an unknown apikey; check the apikey"),
    PING_TIMEOUT("no pong from the Backend for 1.5 ping intervals: the link was dead (NAT or firewall timeout, lost"
            + " network); reconnecting"),
    CONNECTION_LOST("the open connection was closed: the close code in the detail says by whom"),
    UNKNOWN("the connection failed for a reason Uplink does not recognise: see the detail");

    private final String explanation;

    Diagnosis(String explanation) {
        this.explanation = explanation;
    }

    /** One line a technician can act on. */
    public String explanation() {
        return explanation;
    }

    /** True for the codes that mean the connection works. */
    public boolean connected() {
        return this == OK || this == TLS_CERT_EXPIRES_SOON;
    }
}
