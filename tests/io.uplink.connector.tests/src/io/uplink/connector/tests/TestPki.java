package io.uplink.connector.tests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made for a test by the JDK's keytool (one process per certificate, all in one PKCS#12 store; keytool
 * signs with {@code -signer}): a test CA, and server and client certificates it issues with any names and validity.
 */
final class TestPki {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Path dir;
    private final Path store;

    TestPki(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.store = dir.resolve("pki.p12");
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Uplink Test CA", "-ext", "bc:c", "-validity", "3650");
    }

    /** A certificate for {@code san} (e.g. {@code ip:127.0.0.1}) signed by the test CA. */
    void issue(String alias, String san, String startDate, int validityDays) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-dname", "CN=" + alias,
                "-signer", "ca", "-validity", Integer.toString(validityDays)));
        if (san != null) {
            args.addAll(List.of("-ext", "san=" + san));
        }
        if (startDate != null) {
            args.addAll(List.of("-startdate", startDate));
        }
        keytool(args.toArray(String[]::new));
    }

    /** A self-signed certificate: a CA nobody trusts. */
    void selfSigned(String alias, String san) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", alias, "-dname", "CN=" + alias, "-ext", "san=" + san, "-validity", "365");
    }

    /** A server TLS context presenting {@code alias}; with {@code clientCa}, it requires a client certificate. */
    SSLContext serverContext(String alias, boolean requireClientCertificate) throws GeneralSecurityException, IOException {
        KeyStore all = load();
        KeyStore one = KeyStore.getInstance("PKCS12");
        one.load(null, null);
        one.setKeyEntry(alias, all.getKey(alias, PASSWORD), PASSWORD, all.getCertificateChain(alias));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(one, PASSWORD);
        TrustManagerFactory trust = null;
        if (requireClientCertificate) {
            KeyStore cas = KeyStore.getInstance("PKCS12");
            cas.load(null, null);
            cas.setCertificateEntry("ca", all.getCertificate("ca"));
            trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(cas);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
        return context;
    }

    /** The test CA as a PEM file. */
    Path caPem() throws GeneralSecurityException, IOException {
        return writePem("ca.pem", List.of(load().getCertificate("ca")));
    }

    /** The chain of {@code alias} as PEM. */
    Path certificatePem(String alias) throws GeneralSecurityException, IOException {
        return writePem(alias + ".crt.pem", List.of(load().getCertificateChain(alias)));
    }

    /** The private key of {@code alias} as unencrypted PKCS#8 PEM. */
    Path keyPem(String alias) throws GeneralSecurityException, IOException {
        PrivateKey key = (PrivateKey) load().getKey(alias, PASSWORD);
        return write(alias + ".key.pem", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    X509Certificate certificate(String alias) throws GeneralSecurityException, IOException {
        return (X509Certificate) load().getCertificate(alias);
    }

    private Path writePem(String name, List<Certificate> certificates) throws GeneralSecurityException, IOException {
        StringBuilder pem = new StringBuilder();
        for (Certificate certificate : certificates) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return write(name, pem.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private KeyStore load() throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        return keyStore;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-storetype", "PKCS12"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
