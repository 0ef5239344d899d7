package io.uplink.protocol;

import java.util.Locale;

/** The role of a Backend user for this Edge; authenticatedRpc carries it in lower case. */
public enum Role {
    GUEST(0), OWNER(1), INSTALLER(2), ADMIN(3);

    private final int rank;

    Role(int rank) {
        this.rank = rank;
    }

    /** 0 (GUEST) to 3 (ADMIN); higher may do more. */
    public int rank() {
        return this.rank;
    }

    public boolean isAtLeast(Role required) {
        return this.rank >= required.rank;
    }

    /**
     * Refuses access like OpenEMS: COMMON_ROLE_ACCESS_DENIED with the resource and this role's name.
     *
     * @throws OpenemsException if this role is below the required one
     */
    public void assertIsAtLeast(String resource, Role required) throws OpenemsException {
        if (!this.isAtLeast(required)) {
            throw OpenemsError.COMMON_ROLE_ACCESS_DENIED.exception(resource, this.name());
        }
    }

    /** The lower-case wire form, e.g. {@code "installer"}. */
    public String toWire() {
        return this.name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form case-insensitively; unknown or missing roles are GUEST, as in OpenEMS. */
    public static Role fromWire(String text) {
        if (text == null) {
            return GUEST;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "admin" -> ADMIN;
            case "installer" -> INSTALLER;
            case "owner" -> OWNER;
            default -> GUEST;
        };
    }
}
