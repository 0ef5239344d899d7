package io.uplink.backend.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Formats the once-a-second console line, e.g.
 * {@code backend :8081 | edges 1/1 connected | edge0 td=123 (4.1 kB/s) ad=2 rd=0 cfg=1 | values 5000 | problems 0}.
 * The rate covers all bytes an Edge sent since the previous line.
 */
final class SummaryLine {

    private final Map<String, Long> bytesAtLastLine = new HashMap<>();
    private long lastLineNanos = System.nanoTime();

    synchronized String format(int port, Collection<EdgeState> edges, int problemCount) {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastLineNanos) / 1e9);
        lastLineNanos = now;
        long connected = edges.stream().filter(EdgeState::isConnected).count();
        StringBuilder line = new StringBuilder("backend :").append(port).append(" | edges ").append(connected)
                .append('/').append(edges.size()).append(" connected");
        long values = 0;
        for (EdgeState edge : edges) {
            long bytes = edge.receivedBytes();
            Long previous = bytesAtLastLine.put(edge.edgeId(), bytes);
            double kilobytesPerSecond = (bytes - (previous == null ? 0 : previous)) / seconds / 1000;
            line.append(" | ").append(edge.edgeId()).append(edge.isConnected() ? "" : " offline")
                    .append(" td=").append(edge.methodStats("timestampedData").messages())
                    .append(String.format(Locale.ROOT, " (%.1f kB/s)", kilobytesPerSecond))
                    .append(" ad=").append(edge.methodStats("aggregatedData").messages())
                    .append(" rd=").append(edge.methodStats("resendData").messages())
                    .append(" cfg=").append(edge.methodStats("edgeConfig").messages());
            values += edge.currentDataSize();
        }
        return line.append(" | values ").append(values).append(" | problems ").append(problemCount).toString();
    }
}
