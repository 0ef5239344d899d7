package io.uplink.management;

/**
 * The management endpoint's JSON-RPC 2.0 methods (OpenEMS framing, {@link io.uplink.protocol.JsonRpcCodec}):
 * the workbench sends requests, the agent answers and pushes notifications to subscribed watchers. The first
 * request on every connection must be {@link #AUTHENTICATE}; anything else is refused until it succeeded.
 */
public final class ManagementProtocol {
    /** The WebSocket path. */
    public static final String PATH = "/uplink-management";

    /** {@code {token}} → {@code {version, dataDirectory, tls}}. Failed attempts are rate-limited per address. */
    public static final String AUTHENTICATE = "authenticate";
    /** {@code {}} → {@code {snapshot, backlog}}. */
    public static final String GET_STATUS = "getStatus";
    /** {@code {}} → {@code {events: [...]}}: the last 1,000 status events, oldest first. */
    public static final String GET_EVENTS = "getEvents";
    /** {@code {offset, limit}} → {@code {total, rows: [[address, type, unit, priority, access, value, lastSent, sentAs], ...]}}. */
    public static final String GET_CHANNELS = "getChannels";
    /**
     * {@code {limit, restart, after}} → {@code {serial, total, reset, indices: [i...], rows: [row...], values: [[i,
     * value, lastSent, sentAs]...], more}}: what changed since this connection's previous answer in a table of
     * {@code total} rows: whole rows (shaped as in {@link #GET_CHANNELS}), each to go at its index, for channels new to
     * the watcher or changed (priority, type…), and for the others only the new value, last sent time and kind.
     * {@code after} is the serial of the last answer the watcher applied; when it is not the latest one (an answer
     * lost), the answer is a reset. The first call on a connection, {@code restart: true}, and any change of the
     * channel list also answer {@code reset: true} and send everything (in several answers when it exceeds the
     * limit, {@code more: true} until the table is complete). The workbench's refresh of 10,000 channels then
     * carries only what changed.
     */
    public static final String GET_CHANNEL_CHANGES = "getChannelChanges";
    /** {@code {offset, limit}} → {@code {total, channels: [ChannelMetadata...]}}: the source's channels before any profile. */
    public static final String GET_SOURCE_CHANNELS = "getSourceChannels";
    /** {@code {}} → {@code {properties, apikeySet, proxyPasswordSet}}: secrets are never read back. */
    public static final String GET_CONFIG = "getConfig";
    /** {@code {changes: {name: value}}} → like getConfig; validated as locally (ConnectorConfig), serialised. */
    public static final String UPDATE_CONFIG = "updateConfig";
    /**
     * {@code {}} → {@code {cutShort}}: "connect now" ({@code AgentControl.connectNow()}): while the agent waits to
     * reconnect, the attempt is made at once; {@code cutShort} false when there was no wait to cut short (connected,
     * connecting, disabled). Watchers see the attempt through the status notifications.
     */
    public static final String CONNECT_NOW = "connectNow";
    /** {@code {changes}} → {@code {diagnosis, detail, certificateNotAfter}}: the running config with the changes, tested. */
    public static final String TEST_CONNECTION = "testConnection";
    /** {@code {}} → {@code {text}} (the profile file's text) or {@code {}} without a profile. */
    public static final String GET_PROFILE = "getProfile";
    /** {@code {text}} → {@code {}}. */
    public static final String APPLY_PROFILE = "applyProfile";
    /** {@code {}} → {@code {}}; from then on the notifications below arrive. */
    public static final String SUBSCRIBE = "subscribe";
    /** {@code {}} → {@code {}}: liveness check. */
    public static final String PING = "ping";

    /** Notification {@code {snapshot, backlog}} after every cycle and connection change. */
    public static final String STATUS_NOTIFICATION = "status";
    /** Notification {@code {events: [...]}}: status events since the last one sent. */
    public static final String EVENTS_NOTIFICATION = "events";
    /** Notification {@code {properties, apikeySet, proxyPasswordSet, profileChanged}} after any watcher changed it. */
    public static final String CONFIG_NOTIFICATION = "configChanged";

    /** Error codes (JSON-RPC error.code) of the endpoint. */
    public static final int ERROR_WRONG_TOKEN = 4001;
    public static final int ERROR_RATE_LIMITED = 4002;
    public static final int ERROR_NOT_AUTHENTICATED = 4003;
    public static final int ERROR_UNKNOWN_METHOD = 4004;
    public static final int ERROR_BAD_PARAMS = 4005;
    /** {@code data: [attribute, problem]} of the ConfigException. */
    public static final int ERROR_CONFIG = 4100;
    public static final int ERROR_PROFILE = 4200;
    public static final int ERROR_INTERNAL = 5000;

    /** The largest frame either side accepts (a channel page, the event log). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private ManagementProtocol() {
    }
}
