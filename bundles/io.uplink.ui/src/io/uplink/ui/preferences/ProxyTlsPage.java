package io.uplink.ui.preferences;

import java.util.List;

/** Proxy (type, host, port, user, password in secure storage) and TLS (CA bundle, client certificate and key). */
public class ProxyTlsPage extends AgentSettingsPage {
    public static final String ID = "io.uplink.ui.preferences.proxy";

    @Override
    protected List<String> attributes() {
        return List.of("proxyType", "proxyAddress", "proxyPort", "proxyUsername", "proxyPassword", "tlsCaFile",
                "tlsClientCertFile", "tlsClientKeyFile", "tlsExpiryWarningDays");
    }

    @Override
    protected String intro() {
        return "A proxy (HTTP, HTTPS or SOCKS5) is used when its host is set and its port is not 0. For wss:// and an "
                + "HTTPS proxy the agent trusts the JVM's CAs plus the CA bundle; the client certificate and key go together. The proxy password goes into "
                + "secure storage.";
    }
}
