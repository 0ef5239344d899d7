package io.uplink.management.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The shared secret every management connection presents. Generated once into {@code <data-dir>/management-token}
 * (created owner-only, 0600, before a byte is written), or read from {@code --management-token-file}. It is never
 * logged; the agent shows a newly generated one only on an interactive terminal.
 */
public final class ManagementToken {
    public static final String FILE_NAME = "management-token";
    private static final int MIN_LENGTH = 16;

    private final byte[] token;
    private final boolean generated;
    private final Path file;

    private ManagementToken(String token, boolean generated, Path file) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.generated = generated;
        this.file = file;
    }

    /** The configured token file, else the one in the data directory, generated when missing. */
    public static ManagementToken load(Path dataDirectory, Optional<Path> configured) throws IOException {
        if (configured.isPresent()) {
            return new ManagementToken(read(configured.get()), false, configured.get());
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            return new ManagementToken(read(file), false, file);
        }
        Files.createDirectories(dataDirectory);
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not POSIX (Windows): the data directory's ACL protects it
        } catch (FileAlreadyExistsException e) {
            return new ManagementToken(read(file), false, file); // another start won the race
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return new ManagementToken(token, true, file);
    }

    private static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH) {
            // the length only: the value is a secret
            throw new IOException("the management token in " + file + " is shorter than " + MIN_LENGTH
                    + " characters; use a long random one (e.g. 32 bytes, base64)");
        }
        return token;
    }

    /**
     * Constant-time: the time taken tells neither how much of a guess was right nor the token's length (both sides
     * are hashed to 32 bytes first, then compared with {@link MessageDigest#isEqual}).
     */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] expected = sha.digest(token);
            byte[] given = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, given);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java runtime", e);
        }
    }

    public boolean generated() {
        return generated;
    }

    public Path file() {
        return file;
    }

    /** For showing once on an interactive terminal only. */
    public String reveal() {
        return new String(token, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ManagementToken[" + file + "]";
    }
}
