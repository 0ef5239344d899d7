package io.uplink.connector.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.glassfish.tyrus.core.HandshakeException;

import io.uplink.connector.Diagnosis;

/**
 * Turns a failed connection attempt into a {@link Diagnosis} and one line a technician can act on. Tyrus and the
 * JDK report most causes only as exception types and message texts; the texts matched here are the JDK's and
 * Tyrus 2.2's and are covered by tests against real servers.
 */
final class ConnectFailures {

    /** Tyrus: {@code Proxy error. 407: Proxy Authentication Required}. */
    private static final Pattern PROXY_ERROR = Pattern.compile("Proxy error\\. (\\d{3})");

    private ConnectFailures() {
    }

    /** As {@link #diagnose(URI, String, Throwable)}, also telling a refused client certificate from a timeout. */
    static DiagnosedException diagnose(URI uri, String proxy, TlsSetup tls, Throwable failure) {
        DiagnosedException diagnosed = diagnose(uri, proxy, failure);
        if (tls != null && tls.clientCertificateRequested() && (diagnosed.diagnosis() == Diagnosis.TIMEOUT
                || diagnosed.diagnosis() == Diagnosis.UNKNOWN || diagnosed.diagnosis() == Diagnosis.TLS_HANDSHAKE_FAILED)) {
            return failed(Diagnosis.TLS_CLIENT_CERT_REJECTED, "TLS: " + uri.getHost() + ":" + port(uri)
                    + " asked for a client certificate and did not go on with the one offered (or none)", failure);
        }
        return diagnosed;
    }

    static DiagnosedException diagnose(URI uri, String proxy, Throwable failure) {
        if (failure instanceof DiagnosedException diagnosed) {
            return diagnosed;
        }
        String target = uri.getHost() + ":" + port(uri);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            Matcher proxyError = PROXY_ERROR.matcher(message);
            if (proxyError.find()) {
                int status = Integer.parseInt(proxyError.group(1));
                boolean auth = status == 407 || status == 401;
                return failed(auth ? Diagnosis.PROXY_AUTH_REQUIRED : Diagnosis.PROXY_REFUSED,
                        "the proxy " + proxy + " answered CONNECT to " + target + " with HTTP " + status, failure);
            }
            if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                // Grizzly connects to an unresolved address and reports only UnresolvedAddressException
                return failed(Diagnosis.DNS_FAILURE, "cannot resolve " + (proxy == null ? uri.getHost()
                        : "the proxy " + proxy.replaceFirst("^\\w+://", "")), failure);
            }
            if (cause instanceof NoRouteToHostException) {
                return failed(Diagnosis.NETWORK_UNREACHABLE, "no route to " + (proxy == null ? target : proxy), failure);
            }
            if (cause instanceof ConnectException) {
                return proxy == null
                        ? failed(Diagnosis.CONNECTION_REFUSED, "nothing accepts connections on " + target, failure)
                        : failed(Diagnosis.PROXY_UNREACHABLE, "nothing accepts connections on the proxy " + proxy,
                                failure);
            }
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                    || message.startsWith("Handshake response not received")) {
                return failed(Diagnosis.TIMEOUT, target + " did not complete the connection and upgrade in time",
                        failure);
            }
            if (cause instanceof HandshakeException handshake) {
                return failed(Diagnosis.HTTP_STATUS, "the server at " + target + " answered the upgrade with HTTP "
                        + handshake.getHttpStatusCode() + " instead of 101", failure);
            }
            if (cause instanceof SSLException) {
                return tls(target, cause, failure);
            }
            if (proxy == null && message.contains("Socket is not connected")) {
                // TCP was up (a refused connect is ConnectException): the server dropped it during the upgrade,
                // which is how a Backend refusing the apikey looks when the drop wins the race with the 101
                // (a SocketException, or Tyrus's own exception with the same words, depending on where it lost)
                return failed(Diagnosis.CLOSED_AFTER_UPGRADE, "the server at " + target
                        + " closed the connection during the upgrade", failure);
            }
        }
        String message = failure.getMessage();
        return failed(Diagnosis.UNKNOWN, "connection to " + target + " failed: "
                + (message != null ? message : failure.getClass().getSimpleName()), failure);
    }

    /** A failed TLS handshake with {@code target} (e.g. "the proxy host:port"). */
    static DiagnosedException tlsFailure(String target, Throwable ssl) {
        return tls(target, ssl, ssl);
    }

    private static DiagnosedException tls(String target, Throwable ssl, Throwable failure) {
        for (Throwable cause = ssl; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof CertificateExpiredException || cause instanceof CertificateNotYetValidException
                    || cause instanceof CertPathValidatorException validator
                            && (validator.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                                    || validator.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return failed(Diagnosis.TLS_CERT_EXPIRED, "TLS: the certificate of " + target
                        + " is outside its validity period (" + message + ")", failure);
            }
            if (message.startsWith("No subject alternative") || message.startsWith("No name matching")) {
                return failed(Diagnosis.TLS_HOSTNAME_MISMATCH, "TLS: the certificate of " + target
                        + " is not issued for that name (" + message + ")", failure);
            }
            if (cause instanceof CertPathBuilderException || message.contains("unable to find valid certification path")) {
                return failed(Diagnosis.TLS_UNKNOWN_CA, "TLS: the certificate of " + target
                        + " is not signed by a trusted CA", failure);
            }
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("certificate_required") || lower.contains("bad_certificate")) {
                return failed(Diagnosis.TLS_CLIENT_CERT_REJECTED, "TLS: " + target
                        + " refused the connection without an acceptable client certificate (" + message + ")", failure);
            }
        }
        return failed(Diagnosis.TLS_HANDSHAKE_FAILED, "TLS with " + target + " failed: " + ssl.getMessage(), failure);
    }

    private static DiagnosedException failed(Diagnosis diagnosis, String message, Throwable cause) {
        return new DiagnosedException(diagnosis, message, cause);
    }

    static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
