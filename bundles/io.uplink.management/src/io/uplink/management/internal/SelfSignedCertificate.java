package io.uplink.management.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The management endpoint's TLS identity: an EC P-256 key and a self-signed X.509 v3 certificate, made with the
 * JDK alone (no keytool process, no BouncyCastle, which the target platform does not contain): the certificate is
 * encoded in DER here and signed with {@code SHA256withECDSA}. Kept in the data directory
 * ({@code management-tls.key}, PKCS#8, owner-only; {@code management-tls.crt}, DER) so its fingerprint stays the same
 * across restarts, which is what the workbench pins.
 */
public final class SelfSignedCertificate {
    public static final String KEY_FILE = "management-tls.key";
    public static final String CERT_FILE = "management-tls.crt";
    private static final int VALID_YEARS = 20;

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final boolean generated;

    private SelfSignedCertificate(PrivateKey key, X509Certificate certificate, boolean generated) {
        this.key = key;
        this.certificate = certificate;
        this.generated = generated;
    }

    public static SelfSignedCertificate loadOrCreate(Path dataDirectory, String commonName) throws IOException {
        Path keyFile = dataDirectory.resolve(KEY_FILE);
        Path certFile = dataDirectory.resolve(CERT_FILE);
        try {
            if (Files.isRegularFile(keyFile) && Files.isRegularFile(certFile)) {
                PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
                return new SelfSignedCertificate(key, parse(Files.readAllBytes(certFile)), false);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            byte[] der = certificate(pair, commonName);
            X509Certificate certificate = parse(der);
            Files.createDirectories(dataDirectory);
            Files.deleteIfExists(keyFile);
            try {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(keyFile);
            }
            Files.write(keyFile, pair.getPrivate().getEncoded(), StandardOpenOption.TRUNCATE_EXISTING);
            Files.write(certFile, der);
            return new SelfSignedCertificate(pair.getPrivate(), certificate, true);
        } catch (GeneralSecurityException e) {
            throw new IOException("the management TLS certificate cannot be made or read: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public boolean generated() {
        return generated;
    }

    /** A server context presenting this certificate. */
    public SSLContext serverContext() throws IOException {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("management", key, password, new X509Certificate[] { certificate });
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS context: " + e.getMessage(), e);
        }
    }

    private static X509Certificate parse(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** RFC 5280: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }. */
    static byte[] certificate(KeyPair pair, String commonName) throws GeneralSecurityException {
        byte[] ecdsaWithSha256 = sequence(oid(1, 2, 840, 10045, 4, 3, 2));
        byte[] name = sequence(set(sequence(oid(2, 5, 4, 3), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).withNano(0);
        byte[] validity = sequence(time(now.minusDays(1)), time(now.plusYears(VALID_YEARS)));
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7F; // positive
        serial[0] |= 0x01; // and no leading zero octet to strip
        byte[] basicConstraintsCa = sequence(oid(2, 5, 29, 19), tlv(0x04, sequence()));
        byte[] extensions = tlv(0xA3, sequence(basicConstraintsCa));
        byte[] tbs = sequence(tlv(0xA0, integer(BigInteger.TWO)), integer(new BigInteger(serial)), ecdsaWithSha256, name,
                validity, name, pair.getPublic().getEncoded(), extensions);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign(); // already DER: SEQUENCE { r, s }
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        return sequence(tbs, ecdsaWithSha256, tlv(0x03, bits));
    }

    private static byte[] time(ZonedDateTime time) {
        // UTCTime until 2049, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5)
        if (time.getYear() < 2050) {
            return tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(time).getBytes(StandardCharsets.US_ASCII));
        }
        return tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(time).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int groups = 1;
            for (int rest = arc >>> 7; rest != 0; rest >>>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int septet = (arc >>> (7 * g)) & 0x7F;
                out.write(g == 0 ? septet : septet | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] sequence(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >>> 8);
            out.write(length & 0xFF);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
