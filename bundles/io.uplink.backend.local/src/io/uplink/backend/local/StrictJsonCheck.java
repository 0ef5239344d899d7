package io.uplink.backend.local;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * What OpenEMS's lenient parser lets through but no correct sender produces: non-standard JSON (NaN,
 * single quotes, unquoted names), duplicate member names (the parser silently keeps the last one) and
 * a missing {@code "jsonrpc":"2.0"}. Streams the text once, without building a tree.
 */
final class StrictJsonCheck {

    private static final Pattern GSON_POSITION = Pattern.compile("at line \\d+ column \\d+ path \\S*");
    private static final Set<String> IN_ARRAY = Set.of();

    private StrictJsonCheck() {
    }

    /** @return why the text is not strict, or null when it is */
    static String violation(String text) {
        // a new JsonReader is strict: no NaN/Infinity, single quotes, unquoted names or trailing content
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            Deque<Set<String>> open = new ArrayDeque<>();
            boolean hasVersion = false;
            do {
                switch (reader.peek()) {
                case BEGIN_OBJECT -> {
                    reader.beginObject();
                    open.push(new HashSet<>());
                }
                case BEGIN_ARRAY -> {
                    reader.beginArray();
                    open.push(IN_ARRAY);
                }
                case END_OBJECT -> {
                    reader.endObject();
                    open.pop();
                }
                case END_ARRAY -> {
                    reader.endArray();
                    open.pop();
                }
                case NAME -> {
                    String name = reader.nextName();
                    if (!open.peek().add(name)) {
                        return "duplicate member name at " + reader.getPath();
                    }
                    hasVersion |= open.size() == 1 && name.equals("jsonrpc");
                }
                default -> reader.skipValue();
                }
            } while (!open.isEmpty());
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                return "content after the JSON value";
            }
            return hasVersion ? null : "member \"jsonrpc\":\"2.0\" is missing";
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            Matcher position = GSON_POSITION.matcher(message); // Gson's own text is long and generic
            return "not strict JSON (e.g. NaN, single quotes): "
                    + (position.find() ? "malformed " + position.group() : message.lines().findFirst().orElse(message));
        }
    }
}
