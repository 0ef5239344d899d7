package io.uplink.connector;

/**
 * How far the backlog replay is.
 *
 * @param phase the replay's step (IDLE, WAIT_BOUNDARY, ANCHOR_SNAPSHOT, ANCHOR_BARRIER, SETTLE, WINDOWS_WAIT, WINDOWS,
 *        RAW_WAIT, RAW, DONE, STOPPED)
 * @param active true while a replay runs (between connect and DONE)
 * @param rowsDone rows confirmed by the Backend in this replay
 * @param bytesDone characters of the messages that carried them
 * @param rowsLeft rows in the backlog
 * @param bytesLeft their stored bytes
 * @param rowsPerSecond confirmed rows per second of the agent's clock since the replay started
 * @param secondsLeft estimated time left at that rate, or -1 when unknown
 * @param expiredRows rows deleted unreplayed because they were older than {@code replayMaxAgeDays}
 * @param futureRows rows deleted unreplayed because they were stamped in the future (clock not set)
 * @param messages replay messages sent since start
 */
public record ReplayProgress(String phase, boolean active, long rowsDone, long bytesDone, long rowsLeft,
        long bytesLeft, double rowsPerSecond, long secondsLeft, long expiredRows, long futureRows, long messages) {

    public static final ReplayProgress NONE = new ReplayProgress("IDLE", false, 0, 0, 0, 0, 0, -1, 0, 0, 0);

    /** Done / (done + left), 0..1; 1 when nothing is left. */
    public double fraction() {
        long total = this.rowsDone + this.rowsLeft;
        return total == 0 ? 1 : (double) this.rowsDone / total;
    }
}
