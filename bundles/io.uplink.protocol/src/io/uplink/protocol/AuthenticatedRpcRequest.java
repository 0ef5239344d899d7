package io.uplink.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.google.gson.JsonObject;

/**
 * {@code authenticatedRpc}: how the Backend sends every request to the Edge,
 * {@code {"user":{"id","name","language"?,"role"},"payload":<request with UUID id>}}. Answer with
 * {@link AuthenticatedRpcResponse#answer(UUID, JsonRpcResponse)}.
 */
public record AuthenticatedRpcRequest(UUID id, User user, JsonRpcRequest payload) {

    public static final String METHOD = "authenticatedRpc";

    /**
     * The Backend user on whose behalf the request runs.
     *
     * @param language {@code null} when absent
     * @param role the user's role for this Edge; unknown wire values are GUEST
     */
    public record User(String id, String name, String language, Role role) {

        public User {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }

        public Optional<String> optionalLanguage() {
            return Optional.ofNullable(this.language);
        }

        static User fromJson(JsonObject json) throws OpenemsException {
            return new User(JsonParams.getString(json, "id"), JsonParams.getString(json, "name"),
                    JsonParams.optString(json, "language").orElse(null),
                    Role.fromWire(JsonParams.getString(json, "role")));
        }

        JsonObject toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("id", this.id);
            json.addProperty("name", this.name);
            if (this.language != null) {
                json.addProperty("language", this.language);
            }
            json.addProperty("role", this.role.toWire());
            return json;
        }
    }

    public AuthenticatedRpcRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(payload, "payload");
    }

    /** @throws OpenemsException JSON_* for a malformed user, JSONRPC_INVALID_MESSAGE for a malformed payload */
    public static AuthenticatedRpcRequest from(JsonRpcRequest request) throws OpenemsException {
        Messages.requireMethod(METHOD, request.method());
        JsonObject params = request.params();
        User user = User.fromJson(JsonParams.getObject(params, "user"));
        return new AuthenticatedRpcRequest(request.id(), user, Messages.payload(params, true));
    }

    public JsonRpcRequest toRequest() {
        JsonObject params = new JsonObject();
        params.add("user", this.user.toJson());
        params.add("payload", JsonRpcCodec.toJson(this.payload));
        return new JsonRpcRequest(this.id, METHOD, params);
    }
}
