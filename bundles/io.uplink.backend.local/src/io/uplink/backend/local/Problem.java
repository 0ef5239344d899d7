package io.uplink.backend.local;

/**
 * Something an Edge sent that a strict OpenEMS Backend peer does not accept, or a refused connection
 * ({@code edgeId} is then {@code null}). {@code raw} is the offending text, truncated.
 */
public record Problem(String edgeId, long timeMillis, String raw, String reason) {

    static final int MAX_RAW_CHARS = 400;

    static Problem of(String edgeId, String reason, String raw) {
        String shortRaw = raw == null || raw.length() <= MAX_RAW_CHARS ? raw
                : raw.substring(0, MAX_RAW_CHARS) + "…(" + raw.length() + " chars)";
        return new Problem(edgeId, System.currentTimeMillis(), shortRaw, reason);
    }
}
