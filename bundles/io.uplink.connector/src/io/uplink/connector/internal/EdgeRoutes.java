package io.uplink.connector.internal;

import java.util.List;
import java.util.Optional;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.uplink.protocol.OpenemsException;
import io.uplink.protocol.Role;

/**
 * The endpoints the agent serves to the Backend with their minimum roles: the one table both the role checks
 * and the {@code routes} self-description read. Lists are sorted by method, as OpenEMS keeps its endpoints.
 */
final class EdgeRoutes {

    static final String AUTHENTICATED_RPC = "authenticatedRpc";
    static final String COMPONENT_JSON_API = "componentJsonApi";
    static final String COMPONENT_MANAGER_ID = "_componentManager";
    static final String HOST_ID = "_host";

    /** @param minRole {@code null} when every user may call it (OpenEMS: no guard) */
    record Endpoint(String method, Role minRole, String description) {

        /** @throws OpenemsException COMMON_ROLE_ACCESS_DENIED naming the method and the user's role */
        void checkRole(Role role) throws OpenemsException {
            if (this.minRole != null) {
                role.assertIsAtLeast(this.method, this.minRole);
            }
        }
    }

    private static final String FIXED_COMPONENTS = "Refused: Uplink has a fixed set of components";

    /** Reached as the payload of {@code authenticatedRpc}. */
    static final List<Endpoint> AUTHENTICATED = List.of(
            new Endpoint(COMPONENT_JSON_API, null,
                    "Forwards the payload to the JSON API of component [componentId]: " + COMPONENT_MANAGER_ID
                            + " is served, " + HOST_ID + " (system commands) is refused"),
            new Endpoint("createComponentConfig", Role.INSTALLER, FIXED_COMPONENTS),
            new Endpoint("deleteComponentConfig", Role.INSTALLER, FIXED_COMPONENTS),
            new Endpoint("getEdgeConfig", Role.GUEST, "Answers the EdgeConfig as sent in edgeConfig"),
            new Endpoint("routes", null, "Describes every endpoint of this Edge"),
            new Endpoint("setChannelValue", Role.ADMIN,
                    "Writes a value to a writable channel every cycle until apiTimeout; answered before the write"),
            new Endpoint("subscribeSystemLog", null, "Starts or stops systemLog notifications"),
            new Endpoint("updateComponentConfig", Role.OWNER,
                    "Validates, applies and persists configuration properties"));

    /** Reached through {@code componentJsonApi} with componentId {@code _componentManager}. */
    static final List<Endpoint> COMPONENT_MANAGER = List.of(
            new Endpoint("createComponentConfig", Role.INSTALLER, FIXED_COMPONENTS),
            new Endpoint("deleteComponentConfig", Role.INSTALLER, FIXED_COMPONENTS),
            new Endpoint("getAllComponentFactories", Role.ADMIN, "Answers the factories of the EdgeConfig"),
            new Endpoint("getChannel", null, "Describes one channel"),
            new Endpoint("getChannelsOfComponent", null, "Describes every channel of a component"),
            new Endpoint("getEdgeConfig", Role.GUEST, "Answers the EdgeConfig as sent in edgeConfig"),
            new Endpoint("getStateChannelsOfComponent", null,
                    "Describes the warning and fault channels of a component"),
            new Endpoint("updateComponentConfig", Role.OWNER,
                    "Validates, applies and persists configuration properties"));

    private EdgeRoutes() {
    }

    static Optional<Endpoint> find(List<Endpoint> endpoints, String method) {
        return endpoints.stream().filter(e -> e.method().equals(method)).findFirst();
    }

    /** OpenEMS's answer for a method no endpoint serves (GENERIC, observed). */
    static OpenemsException notDefined(String method) {
        return OpenemsException.generic("Endpoint with method \"" + method + "\" is not defined!");
    }

    /**
     * The {@code routes} result in OpenEMS's shape: {@code {"version":"1","endpoints":[{method, description, tags,
     * guards, parent}]}}, depth first (an endpoint, then what is reached through it). OpenEMS writes the version as
     * the string "1". Request and response schemas are not described.
     */
    static JsonObject routes() {
        JsonArray endpoints = new JsonArray();
        JsonArray rootParents = new JsonArray();
        endpoints.add(entry(new Endpoint(AUTHENTICATED_RPC, null,
                "Runs the payload for the given user; a success is wrapped as {payload}, an error is not"), null,
                rootParents));

        JsonArray authenticatedParents = new JsonArray();
        authenticatedParents.add(parent(AUTHENTICATED_RPC, new JsonObject()));
        for (Endpoint endpoint : AUTHENTICATED) {
            endpoints.add(entry(endpoint, null, authenticatedParents));
            if (endpoint.method().equals(COMPONENT_JSON_API)) {
                JsonObject base = new JsonObject();
                base.addProperty("componentId", COMPONENT_MANAGER_ID);
                JsonArray managerParents = authenticatedParents.deepCopy();
                managerParents.add(parent(COMPONENT_JSON_API, base));
                for (Endpoint managerEndpoint : COMPONENT_MANAGER) {
                    endpoints.add(entry(managerEndpoint, COMPONENT_MANAGER_ID, managerParents));
                }
            }
        }
        JsonObject result = new JsonObject();
        result.addProperty("version", "1");
        result.add("endpoints", endpoints);
        return result;
    }

    private static JsonObject entry(Endpoint endpoint, String tag, JsonArray parents) {
        JsonObject json = new JsonObject();
        json.addProperty("method", endpoint.method());
        json.addProperty("description", endpoint.description());
        JsonArray tags = new JsonArray();
        if (tag != null) {
            JsonObject t = new JsonObject();
            t.addProperty("name", tag);
            tags.add(t);
        }
        json.add("tags", tags);
        JsonArray guards = new JsonArray();
        if (endpoint.minRole() != null) {
            JsonObject guard = new JsonObject();
            guard.addProperty("name", "role");
            guard.addProperty("description", "User-Role has to be at least " + endpoint.minRole().name());
            guard.addProperty("role", endpoint.minRole().name());
            guards.add(guard);
        }
        json.add("guards", guards);
        json.add("parent", parents.deepCopy());
        return json;
    }

    private static JsonObject parent(String method, JsonObject base) {
        JsonObject request = new JsonObject();
        request.add("base", base);
        JsonArray path = new JsonArray();
        path.add("payload");
        request.add("pathToSubrequest", path);
        JsonObject parent = new JsonObject();
        parent.addProperty("method", method);
        parent.add("request", request);
        return parent;
    }
}
