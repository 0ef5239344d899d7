package io.uplink.agent;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code --source}: a scheme that names the kind of source ({@code sim}, {@code modbus}, {@code openems}) and
 * what follows it, e.g. {@code openems} and {@code ws://192.168.1.10:8085}, or {@code modbus} and
 * {@code //10.0.0.5:502?map=meter.json}.
 *
 * @param address what follows {@code scheme:}; empty for {@code sim}
 * @param passwordFile the {@code --source-password-file} given after this source: moved into secure storage
 */
public record SourceOption(String scheme, String address, Optional<Path> passwordFile) {

    public static final SourceOption SIM = new SourceOption("sim", "", Optional.empty());

    public SourceOption {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(passwordFile, "passwordFile");
    }

    /** A {@code --source} value: the scheme is the text before the first ':', or all of it. */
    public static SourceOption parse(String value) {
        String text = value.trim();
        int colon = text.indexOf(':');
        return new SourceOption(colon < 0 ? text : text.substring(0, colon), colon < 0 ? "" : text.substring(colon + 1),
                Optional.empty());
    }

    /**
     * The {@code --source} value: {@code scheme:address}, or the scheme alone; also the key of the source's
     * password in secure storage.
     */
    @Override
    public String toString() {
        return this.address.isEmpty() ? this.scheme : this.scheme + ":" + this.address;
    }

    public SourceOption withPasswordFile(Path file) {
        return new SourceOption(this.scheme, this.address, Optional.of(file));
    }
}
