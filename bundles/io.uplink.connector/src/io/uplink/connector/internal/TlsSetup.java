package io.uplink.connector.internal;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.glassfish.tyrus.client.SslEngineConfigurator;

import io.uplink.connector.ConnectorConfig;
import io.uplink.connector.Diagnosis;

/**
 * The TLS side of one connection attempt: the JVM's trusted CAs plus those in {@code tlsCaFile}, the client
 * certificate from {@code tlsClientCertFile}/{@code tlsClientKeyFile} when set, host name verification always on
 * (Tyrus sets the HTTPS endpoint identification on every engine; no verifier that could weaken it is ever set).
 * Files are read per attempt, so a renewed certificate is picked up without a restart. Records the Backend's
 * certificate once it was trusted, for the expiry warning.
 */
final class TlsSetup {

    private final SslEngineConfigurator engineConfigurator;
    private final RecordingTrustManager trustManager;
    private final RecordingKeyManager keyManager;

    private TlsSetup(SSLContext context, RecordingTrustManager trustManager, RecordingKeyManager keyManager) {
        this.engineConfigurator = new SslEngineConfigurator(context, true, false, false)
                .setHostVerificationEnabled(true);
        this.trustManager = trustManager;
        this.keyManager = keyManager;
    }

    /** @throws DiagnosedException {@link Diagnosis#TLS_CONFIG_INVALID} when a file cannot be used */
    static TlsSetup create(ConnectorConfig config) throws DiagnosedException {
        String file = config.tlsCaFile().isEmpty() ? "" : "tlsCaFile";
        try {
            RecordingTrustManager trustManager = new RecordingTrustManager(jvmTrustManager(trusted(config)));
            X509ExtendedKeyManager clientKeys = null;
            if (!config.tlsClientCertFile().isEmpty()) {
                file = "tlsClientCertFile";
                List<X509Certificate> chain = PemFiles.certificates(Path.of(config.tlsClientCertFile()));
                file = "tlsClientKeyFile";
                PrivateKey key = PemFiles.privateKey(Path.of(config.tlsClientKeyFile()));
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                char[] password = new char[0];
                identity.setKeyEntry("client", key, password, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(identity, password);
                for (KeyManager manager : factory.getKeyManagers()) {
                    if (manager instanceof X509ExtendedKeyManager extended) {
                        clientKeys = extended;
                    }
                }
            }
            RecordingKeyManager keyManager = new RecordingKeyManager(clientKeys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] { keyManager }, new TrustManager[] { trustManager }, null);
            return new TlsSetup(context, trustManager, keyManager);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new DiagnosedException(Diagnosis.TLS_CONFIG_INVALID,
                    (file.isEmpty() ? "TLS set-up failed: " : file + " cannot be used: ") + e.getMessage(), e);
        }
    }

    /**
     * The TLS context for an HTTPS proxy: the same trust as for the Backend (JVM plus {@code tlsCaFile}, host name
     * verified by the caller's socket), but no client certificate: that identifies the device to the Backend only.
     *
     * @throws DiagnosedException {@link Diagnosis#TLS_CONFIG_INVALID} when tlsCaFile cannot be used
     */
    static SSLContext proxyContext(ConnectorConfig config) throws DiagnosedException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { jvmTrustManager(trusted(config)) }, null);
            return context;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new DiagnosedException(Diagnosis.TLS_CONFIG_INVALID, "tlsCaFile cannot be used: " + e.getMessage(), e);
        }
    }

    /** The JVM's trusted CAs plus those in {@code tlsCaFile}. */
    private static KeyStore trusted(ConnectorConfig config) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        int index = 0;
        for (X509Certificate ca : jvmTrustManager(null).getAcceptedIssuers()) {
            trusted.setCertificateEntry("jvm-" + index++, ca);
        }
        if (!config.tlsCaFile().isEmpty()) {
            for (X509Certificate ca : PemFiles.certificates(Path.of(config.tlsCaFile()))) {
                trusted.setCertificateEntry("ca-" + index++, ca);
            }
        }
        return trusted;
    }

    SslEngineConfigurator engineConfigurator() {
        return engineConfigurator;
    }

    /**
     * The warning when the Backend's certificate expires within {@code warningDays} of {@code now}; null when it does
     * not, when warnings are off (0) or before a trusted handshake.
     */
    String expiryWarning(int warningDays, Instant now) {
        Instant notAfter = serverCertificateNotAfter();
        if (notAfter == null || warningDays == 0 || notAfter.isAfter(now.plus(Duration.ofDays(warningDays)))) {
            return null;
        }
        long days = Duration.between(now, notAfter).toDays();
        return "the Backend's certificate expires on " + notAfter + " (in " + days + " days, warning from "
                + warningDays + ")";
    }

    /**
     * True once the server asked for a client certificate. With TLS 1.3 a server that then refuses the client's
     * (missing) certificate only sends an alert after the client finished its handshake, which Tyrus reports as a
     * timeout; this flag tells the two apart.
     */
    boolean clientCertificateRequested() {
        return keyManager.requested;
    }

    /** When the Backend's certificate expires; null before a trusted handshake. */
    Instant serverCertificateNotAfter() {
        X509Certificate certificate = trustManager.serverCertificate;
        return certificate == null ? null : certificate.getNotAfter().toInstant();
    }

    private static X509ExtendedTrustManager jvmTrustManager(KeyStore trusted) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("the JVM has no X509ExtendedTrustManager");
    }

    /** Offers the configured client certificate, if any; remembers that the server asked for one. */
    private static final class RecordingKeyManager extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager delegate;
        private volatile boolean requested;

        RecordingKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            requested = true;
            return delegate == null ? null : delegate.chooseEngineClientAlias(keyType, issuers, engine);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            requested = true;
            return delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }
    }

    /** Delegates every check (path and host name); only remembers the certificate it accepted. */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private volatile X509Certificate serverCertificate;

        RecordingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, engine);
            serverCertificate = chain[0];
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType, socket);
            serverCertificate = chain[0];
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            // without an engine there is no host name to verify: refuse rather than skip the check
            throw new CertificateException("server certificates are only checked with their host name");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
