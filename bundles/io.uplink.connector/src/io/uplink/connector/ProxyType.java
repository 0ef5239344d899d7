package io.uplink.connector;

/**
 * How the connector reaches the Backend. HTTP, SOCKS and DIRECT are OpenEMS's {@code java.net.Proxy.Type} values;
 * HTTPS (an HTTP CONNECT proxy reached over TLS) is Uplink's own and is rejected by OpenEMS.
 */
public enum ProxyType {
    /** HTTP CONNECT tunnel (OpenEMS's default). */
    HTTP,
    /** SOCKS5 (OpenEMS: SOCKS4/5); Uplink lets the proxy resolve the Backend's host name. */
    SOCKS,
    /** HTTP CONNECT tunnel to a proxy that is itself reached over TLS (Uplink only). */
    HTTPS,
    /** No proxy; invalid together with a proxyAddress, as in OpenEMS. */
    DIRECT
}
