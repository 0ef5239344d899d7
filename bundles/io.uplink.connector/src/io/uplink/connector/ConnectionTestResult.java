package io.uplink.connector;

import java.time.Instant;

/**
 * What one run of the whole connection chain (DNS, TCP, proxy, TLS, upgrade, apikey check) found.
 *
 * @param diagnosis the code; {@link Diagnosis#OK} or {@link Diagnosis#TLS_CERT_EXPIRES_SOON} when it worked
 * @param detail the specific message (host, port, HTTP status, certificate dates), never a secret
 * @param certificateNotAfter when the Backend's TLS certificate expires, or null without TLS or before the handshake
 */
public record ConnectionTestResult(Diagnosis diagnosis, String detail, Instant certificateNotAfter) {

    public boolean connected() {
        return diagnosis.connected();
    }
}
