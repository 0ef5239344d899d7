package io.uplink.edge.openems.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.uplink.core.AccessMode;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.ChannelValues;
import io.uplink.core.OpenemsType;
import io.uplink.core.PersistencePriority;
import io.uplink.core.Unit;

/**
 * The Edge's channel descriptions and values in Uplink's model. Every channel is offered read-only (this source
 * does not write), WRITE_ONLY channels are left out (they have no value), and a priority counts as declared only
 * when the Edge sent one ({@code getChannelsOfComponent} since 2024.7; REST never does), so a profile's default
 * applies to the rest.
 */
public final class ChannelRecords {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelRecords.class);
    private static final Comparator<ChannelMetadata> BY_ADDRESS = Comparator.comparing(c -> c.address().toString());

    /** Problems already logged once (unknown units, undecodable values), so a cycle never floods the log. */
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private ChannelRecords() {
    }

    /**
     * A channel record of {@code getChannelsOfComponent} or of an old {@code getEdgeConfig} ({@code id} then is the
     * key), or of a REST dump ({@code address} instead of {@code id}); null for WRITE_ONLY channels and records
     * that cannot be read (logged once).
     */
    public static ChannelMetadata toMetadata(String componentId, String channelId, JsonObject record) {
        String address = componentId + "/" + channelId;
        try {
            String accessMode = text(record, "accessMode", "RO");
            if (accessMode.equals("WO")) {
                return null;
            }
            OpenemsType type = OpenemsType.valueOf(text(record, "type", "").toUpperCase(Locale.ROOT));
            ChannelMetadata.Builder builder = ChannelMetadata.builder(new ChannelAddress(componentId, channelId), type)
                    .accessMode(AccessMode.READ_ONLY).unit(unit(address, text(record, "unit", "")))
                    .text(text(record, "text", ""));
            String priority = text(record, "persistencePriority", "");
            if (!priority.isEmpty()) {
                builder.priority(PersistencePriority.parse(priority));
            }
            if (type.isIntegral() && record.get("options") instanceof JsonObject options) {
                // OpenEMS sends name → value; Uplink keeps value → name
                Map<Integer, String> byValue = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> option : options.entrySet()) {
                    if (option.getValue() instanceof JsonPrimitive p && p.isNumber()) {
                        byValue.put(p.getAsInt(), option.getKey());
                    }
                }
                builder.enumOptions(byValue);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            reportOnce("record:" + address, "Channel [{}] is left out: {}", address, e.getMessage());
            return null;
        }
    }

    /** The records sorted by address, so an unchanged set compares equal whatever order the Edge used. */
    public static List<ChannelMetadata> sorted(Collection<ChannelMetadata> channels) {
        List<ChannelMetadata> list = new ArrayList<>(channels);
        list.sort(BY_ADDRESS);
        return list;
    }

    /** A value from currentData or a REST dump as the canonical value of the channel's type; null if it cannot be. */
    public static Object value(ChannelMetadata channel, JsonElement json) {
        if (json == null || json.isJsonNull() || !json.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = json.getAsJsonPrimitive();
        Object raw = p.isBoolean() ? p.getAsBoolean() : p.isNumber() ? p.getAsNumber() : p.getAsString();
        try {
            return ChannelValues.normalize(channel.type(), raw);
        } catch (IllegalArgumentException e) {
            reportOnce("value:" + channel.address(), "Channel [{}]: value left empty: {}", channel.address(),
                    e.getMessage());
            return null;
        }
    }

    private static Unit unit(String address, String symbol) {
        try {
            return Unit.fromSymbol(symbol);
        } catch (IllegalArgumentException e) {
            reportOnce("unit:" + symbol, "Channel [{}] has unit [{}], which Uplink does not know; sent without unit",
                    address, symbol);
            return Unit.NONE;
        }
    }

    private static String text(JsonObject record, String member, String fallback) {
        JsonElement e = record.get(member);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }

    private static void reportOnce(String key, String format, Object... arguments) {
        if (REPORTED.size() < 10_000 && REPORTED.add(key)) {
            LOG.warn(format, arguments);
        }
    }
}
