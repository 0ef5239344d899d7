package io.uplink.management;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import io.uplink.connector.BacklogStatus;
import io.uplink.connector.ChannelRow;
import io.uplink.connector.ConnectionTestResult;
import io.uplink.connector.Diagnosis;
import io.uplink.connector.StatusEvent;
import io.uplink.connector.StatusSnapshot;
import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;
import io.uplink.management.internal.ChannelTableChanges;
import io.uplink.management.internal.ChannelTableMirror;
import io.uplink.protocol.ChannelValueJson;
import io.uplink.protocol.OpenemsException;

/** The status model on the wire: the same records on both sides, so views cannot tell remote from local. */
public final class ManagementJson {

    private static final Gson GSON = new GsonBuilder().serializeNulls()
            .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe()).create();

    private ManagementJson() {
    }

    public static JsonElement snapshot(StatusSnapshot snapshot) {
        return GSON.toJsonTree(snapshot);
    }

    public static StatusSnapshot snapshot(JsonElement json) {
        return GSON.fromJson(json, StatusSnapshot.class);
    }

    public static JsonElement backlog(BacklogStatus backlog) {
        return GSON.toJsonTree(backlog);
    }

    public static JsonElement sourceHealth(io.uplink.core.SourceHealth health) {
        return GSON.toJsonTree(health);
    }

    /** The device's channel-source health; UNAVAILABLE with a reason when an older agent does not send it. */
    public static io.uplink.core.SourceHealth sourceHealth(JsonElement json) {
        if (json == null || json.isJsonNull()) {
            return new io.uplink.core.SourceHealth(io.uplink.core.SourceHealth.State.UNAVAILABLE,
                    "not reported by this agent", 0);
        }
        io.uplink.core.SourceHealth read = GSON.fromJson(json, io.uplink.core.SourceHealth.class);
        return new io.uplink.core.SourceHealth(read.state(), read.message() == null ? "" : read.message(),
                read.sinceMillis());
    }

    public static BacklogStatus backlog(JsonElement json) {
        BacklogStatus read = GSON.fromJson(json, BacklogStatus.class);
        // Gson builds the priority maps as LinkedTreeMaps of enum keys: keep them, but never null
        return new BacklogStatus(read.available(), read.mode(), read.rowsByPriority() == null ? Map.of() : read.rowsByPriority(),
                read.bytesByPriority() == null ? Map.of() : read.bytesByPriority(), read.oldestRowAgeSeconds(),
                read.evictedRows(), read.evictedBytes(), read.lostRows(), read.possibleDuplicates(), read.liveConfirmed(),
                read.awaitingConfirmation(),
                read.lastSuccessfulResend(), read.replay(), read.problem());
    }

    public static JsonArray events(List<StatusEvent> events) {
        JsonArray array = new JsonArray();
        for (StatusEvent event : events) {
            array.add(GSON.toJsonTree(event));
        }
        return array;
    }

    public static List<StatusEvent> events(JsonElement json) {
        return GSON.fromJson(json, new TypeToken<List<StatusEvent>>() {
        }.getType());
    }

    public static JsonElement testResult(ConnectionTestResult result) {
        return GSON.toJsonTree(result);
    }

    public static ConnectionTestResult testResult(JsonElement json) {
        ConnectionTestResult read = GSON.fromJson(json, ConnectionTestResult.class);
        return read.diagnosis() == null ? new ConnectionTestResult(Diagnosis.UNKNOWN, read.detail(), null) : read;
    }

    public static JsonElement metadata(ChannelMetadata channel) {
        return GSON.toJsonTree(channel);
    }

    public static ChannelMetadata metadata(JsonElement json) {
        ChannelMetadata read = GSON.fromJson(json, ChannelMetadata.class);
        // through the canonical constructor: its checks and normalisations apply
        return new ChannelMetadata(read.address(), read.type(), read.unit(), read.priority(), read.accessMode(),
                read.enumOptions(), read.text(), read.priorityDeclared());
    }

    /**
     * One table row as a compact array (10,000 rows a second must stay small): address, type, unit, priority,
     * access mode, value, last sent (epoch ms), sent as, priority declared, and the enum options when there are any.
     */
    public static JsonArray row(ChannelRow row) {
        ChannelMetadata channel = row.channel();
        JsonArray array = new JsonArray(10);
        array.add(channel.address().toString());
        array.add(channel.type().name());
        array.add(channel.unit().name());
        array.add(channel.priority().name());
        array.add(channel.accessMode().name());
        array.add(value(row));
        array.add(row.lastSentMillis());
        array.add(row.sentAs().name());
        array.add(channel.priorityDeclared());
        if (!channel.enumOptions().isEmpty()) {
            array.add(GSON.toJsonTree(channel.enumOptions()));
        }
        return array;
    }

    private static JsonElement value(ChannelRow row) {
        try {
            return ChannelValueJson.toJson(row.value());
        } catch (IllegalArgumentException e) {
            return JsonNull.INSTANCE;
        }
    }

    public static ChannelRow row(JsonArray array) throws IOException {
        try {
            Map<Integer, String> options = array.size() > 9
                    ? GSON.fromJson(array.get(9), new TypeToken<Map<Integer, String>>() {
                    }.getType())
                    : Map.of();
            ChannelMetadata channel = new ChannelMetadata(ChannelAddress.parse(array.get(0).getAsString()),
                    OpenemsType.valueOf(array.get(1).getAsString()), Unit.valueOf(array.get(2).getAsString()),
                    PersistencePriority.valueOf(array.get(3).getAsString()),
                    AccessMode.valueOf(array.get(4).getAsString()), options, "", array.get(8).getAsBoolean());
            Object value = io.uplink.core.ChannelValues.normalize(channel.type(), ChannelValueJson.fromJson(array.get(5)));
            return new ChannelRow(channel, value, array.get(6).getAsLong(),
                    ChannelRow.SentAs.valueOf(array.get(7).getAsString()));
        } catch (OpenemsException | RuntimeException e) {
            throw new IOException("a channel row the workbench cannot read: " + e.getMessage(), e);
        }
    }

    /** A {@link ManagementProtocol#GET_CHANNEL_CHANGES} answer. */
    public static JsonObject channelChanges(ChannelTableChanges.Changes changes) {
        JsonArray indices = new JsonArray();
        JsonArray rows = new JsonArray();
        JsonArray values = new JsonArray();
        for (int i = 0; i < changes.indices().length; i++) {
            ChannelRow row = changes.rows().get(i);
            if (changes.valueOnly()[i]) {
                JsonArray update = new JsonArray(4);
                update.add(changes.indices()[i]);
                update.add(value(row));
                update.add(row.lastSentMillis());
                update.add(row.sentAs().name());
                values.add(update);
            } else {
                indices.add(changes.indices()[i]);
                rows.add(row(row));
            }
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("serial", changes.serial());
        answer.addProperty("total", changes.total());
        answer.addProperty("reset", changes.reset());
        answer.add("indices", indices);
        answer.add("rows", rows);
        answer.add("values", values);
        answer.addProperty("more", changes.more());
        return answer;
    }

    /** What the workbench needs of an applied answer to ask for the next one. */
    public record AppliedChanges(long serial, int total, boolean more) {
    }

    /**
     * Applies a {@link ManagementProtocol#GET_CHANNEL_CHANGES} answer to the workbench's copy of the table.
     *
     * @throws IOException when the answer is malformed or does not fit the copy (which is then dropped)
     */
    public static AppliedChanges applyChannelChanges(JsonObject answer, ChannelTableMirror mirror) throws IOException {
        try {
            long serial = answer.get("serial").getAsLong();
            boolean more = answer.get("more").getAsBoolean();
            int total = answer.get("total").getAsInt();
            JsonArray indexArray = answer.getAsJsonArray("indices");
            int[] indices = new int[indexArray.size()];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = indexArray.get(i).getAsInt();
            }
            mirror.apply(total, answer.get("reset").getAsBoolean(), indices, rows(answer.getAsJsonArray("rows")));
            for (JsonElement element : answer.getAsJsonArray("values")) {
                JsonArray update = element.getAsJsonArray();
                int index = update.get(0).getAsInt();
                ChannelMetadata channel = mirror.channel(index);
                Object value = io.uplink.core.ChannelValues.normalize(channel.type(), ChannelValueJson.fromJson(update.get(1)));
                mirror.update(index, value, update.get(2).getAsLong(), ChannelRow.SentAs.valueOf(update.get(3).getAsString()));
            }
            return new AppliedChanges(serial, total, more);
        } catch (OpenemsException | RuntimeException e) {
            mirror.clear();
            throw new IOException("channel changes the workbench cannot place: " + e.getMessage(), e);
        }
    }

    public static List<ChannelRow> rows(JsonArray array) throws IOException {
        List<ChannelRow> rows = new ArrayList<>(array.size());
        for (JsonElement element : array) {
            rows.add(row(element.getAsJsonArray()));
        }
        return rows;
    }

    /** Config as the endpoint shows it: the non-secret properties, and whether each secret is set. */
    public static JsonObject config(io.uplink.connector.ConnectorConfig config) {
        JsonObject json = new JsonObject();
        JsonObject properties = new JsonObject();
        config.toProperties().forEach(properties::addProperty);
        json.add("properties", properties);
        json.addProperty("apikeySet", config.hasApikey());
        json.addProperty("proxyPasswordSet", !config.proxyPassword().isEmpty());
        return json;
    }

    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Instant.parse(in.nextString());
        }
    }
}
