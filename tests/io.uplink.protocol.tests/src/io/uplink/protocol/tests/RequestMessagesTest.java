package io.uplink.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.uplink.core.ChannelAddress;
import io.uplink.protocol.AppCenterRequest;
import io.uplink.protocol.AuthenticatedRpcRequest;
import io.uplink.protocol.AuthenticatedRpcResponse;
import io.uplink.protocol.CheckSetupPasswordRequest;
import io.uplink.protocol.ComponentJsonApiRequest;
import io.uplink.protocol.ConfigProperty;
import io.uplink.protocol.CreateComponentConfigRequest;
import io.uplink.protocol.DeleteComponentConfigRequest;
import io.uplink.protocol.GetEdgeConfigRequest;
import io.uplink.protocol.JsonRpcCodec;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.JsonRpcSuccess;
import io.uplink.protocol.OAuthRegistryRequest;
import io.uplink.protocol.OpenemsError;
import io.uplink.protocol.OpenemsException;
import io.uplink.protocol.Role;
import io.uplink.protocol.RoutesRequest;
import io.uplink.protocol.SetChannelValueRequest;
import io.uplink.protocol.SubscribeSystemLogRequest;
import io.uplink.protocol.UpdateComponentConfigRequest;

class RequestMessagesTest {

    private static final String A = "aaaaaaaa-1111-4111-8111-111111111111";
    private static final String B = "bbbbbbbb-2222-4222-8222-222222222222";

    @Test
    void authenticatedRpcFromTheDocRoundTrips() throws Exception {
        String text = "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"authenticatedRpc\",\"params\":{"
                + "\"user\":{\"id\":\"jane\",\"name\":\"Jane Doe\",\"language\":\"DE\",\"role\":\"installer\"},"
                + "\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"setChannelValue\","
                + "\"params\":{\"componentId\":\"load0\",\"channelId\":\"SetPoint\",\"value\":4242}}}}";
        AuthenticatedRpcRequest auth = AuthenticatedRpcRequest.from(request(text));
        assertEquals(UUID.fromString(A), auth.id());
        assertEquals("jane", auth.user().id());
        assertEquals("DE", auth.user().optionalLanguage().orElseThrow());
        assertEquals(Role.INSTALLER, auth.user().role());
        assertEquals(UUID.fromString(B), auth.payload().id());
        assertEquals(text, JsonRpcCodec.encode(auth.toRequest()));

        SetChannelValueRequest set = SetChannelValueRequest.from(auth.payload());
        assertEquals(new ChannelAddress("load0", "SetPoint"), set.channelAddress());
        assertEquals(4242, set.value().getAsInt());
    }

    @Test
    void authenticatedRpcWithoutLanguageAndWithUnknownRole() throws Exception {
        AuthenticatedRpcRequest auth = AuthenticatedRpcRequest.from(request("{\"id\":\"" + A
                + "\",\"method\":\"authenticatedRpc\",\"params\":{\"user\":{\"id\":\"x\",\"name\":\"X\",\"role\":\"root\"},"
                + "\"payload\":{\"id\":\"" + B + "\",\"method\":\"getEdgeConfig\",\"params\":{}}}}"));
        assertNull(auth.user().language());
        assertEquals(Role.GUEST, auth.user().role());
        assertFalse(auth.toRequest().params().getAsJsonObject("user").has("language"));
        assertEquals(UUID.fromString(B), GetEdgeConfigRequest.from(auth.payload()).id());
    }

    @Test
    void authenticatedRpcPayloadNeedsAnId() {
        var e = assertThrows(OpenemsException.class, () -> AuthenticatedRpcRequest.from(request("{\"id\":\"" + A
                + "\",\"method\":\"authenticatedRpc\",\"params\":{\"user\":{\"id\":\"x\",\"name\":\"X\",\"role\":\"admin\"},"
                + "\"payload\":{\"method\":\"getEdgeConfig\",\"params\":{}}}}")));
        assertEquals(OpenemsError.JSONRPC_INVALID_MESSAGE, e.error());
        assertEquals("JSON-RPC Message is not a valid Request, Result or Notification: "
                + "payload expected a request with id, method and params, got a notification", e.getMessage());
        e = assertThrows(OpenemsException.class, () -> AuthenticatedRpcRequest.from(request("{\"id\":\"" + A
                + "\",\"method\":\"authenticatedRpc\",\"params\":{\"user\":{\"id\":\"x\",\"role\":\"admin\"},\"payload\":{}}}")));
        assertEquals(OpenemsError.JSON_HAS_NO_MEMBER, e.error());
    }

    @Test
    void successIsWrappedWithBothIdsAsTheDocShows() {
        JsonRpcResponse answer = AuthenticatedRpcResponse.answer(UUID.fromString(A),
                JsonRpcSuccess.empty(UUID.fromString(B)));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"result\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\""
                + B + "\",\"result\":{}}}}", JsonRpcCodec.encode(answer));
    }

    @Test
    void errorIsNotWrappedButTakesTheOuterId() {
        JsonRpcError inner = OpenemsError.COMMON_ROLE_ACCESS_DENIED.exception("setChannelValue", "OWNER")
                .toJsonRpcError(UUID.fromString(B));
        JsonRpcResponse answer = AuthenticatedRpcResponse.answer(UUID.fromString(A), inner);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"error\":{\"code\":1002,\"message\":"
                + "\"Access to this resource [setChannelValue] is denied for User with Role [OWNER]\","
                + "\"data\":[\"setChannelValue\",\"OWNER\"]}}", JsonRpcCodec.encode(answer));
    }

    @Test
    void wrappedResponseUnwraps() throws Exception {
        JsonObject result = new JsonObject();
        result.addProperty("version", 1);
        JsonRpcSuccess outer = (JsonRpcSuccess) AuthenticatedRpcResponse.answer(UUID.fromString(A),
                new JsonRpcSuccess(UUID.fromString(B), result));
        AuthenticatedRpcResponse unwrapped = AuthenticatedRpcResponse.from(outer);
        assertEquals(UUID.fromString(B), unwrapped.payload().id());
        assertEquals(1, unwrapped.payload().result().get("version").getAsInt());
        var e = assertThrows(OpenemsException.class,
                () -> AuthenticatedRpcResponse.from(JsonRpcSuccess.empty(UUID.fromString(A))));
        assertEquals(OpenemsError.JSON_NO_OBJECT_MEMBER, e.error());
    }

    @Test
    void subscribeSystemLogAnswerIsWrappedTwiceInsideAuthenticatedRpc() throws Exception {
        SubscribeSystemLogRequest sub = SubscribeSystemLogRequest.from(request(
                "{\"id\":\"" + B + "\",\"method\":\"subscribeSystemLog\",\"params\":{\"subscribe\":true}}"));
        assertTrue(sub.subscribe());
        JsonRpcResponse answer = AuthenticatedRpcResponse.answer(UUID.fromString(A), sub.successResponse());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"result\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\""
                + B + "\",\"result\":{\"payload\":{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"result\":{}}}}}}",
                JsonRpcCodec.encode(answer));
        var e = assertThrows(OpenemsException.class, () -> SubscribeSystemLogRequest.from(request(
                "{\"id\":\"" + B + "\",\"method\":\"subscribeSystemLog\",\"params\":{\"subscribe\":\"maybe\"}}")));
        assertEquals("JSON [subscribe:\"maybe\"] is not a Boolean member", e.getMessage());
    }

    @Test
    void componentConfigRequestsRoundTrip() throws Exception {
        String create = "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"createComponentConfig\",\"params\":{"
                + "\"factoryPid\":\"Simulator.GridMeter.Reacting\",\"properties\":[{\"name\":\"id\",\"value\":\"meter1\"},"
                + "{\"name\":\"enabled\",\"value\":true},{\"name\":\"alias\",\"value\":null}]}}";
        CreateComponentConfigRequest c = CreateComponentConfigRequest.from(request(create));
        assertEquals("Simulator.GridMeter.Reacting", c.factoryPid());
        assertEquals(new ConfigProperty("id", new JsonPrimitive("meter1")), c.properties().get(0));
        assertEquals(JsonNull.INSTANCE, c.properties().get(2).value());
        assertEquals(create, JsonRpcCodec.encode(c.toRequest()));

        String update = "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"updateComponentConfig\",\"params\":{"
                + "\"componentId\":\"ctrlBackend0\",\"properties\":[{\"name\":\"apiTimeout\",\"value\":120}]}}";
        UpdateComponentConfigRequest u = UpdateComponentConfigRequest.from(request(update));
        assertEquals("ctrlBackend0", u.componentId());
        assertEquals(update, JsonRpcCodec.encode(u.toRequest()));

        String delete = "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"deleteComponentConfig\",\"params\":{"
                + "\"componentId\":\"meter1\"}}";
        assertEquals(delete, JsonRpcCodec.encode(DeleteComponentConfigRequest.from(request(delete)).toRequest()));

        var e = assertThrows(OpenemsException.class, () -> UpdateComponentConfigRequest.from(request(
                "{\"id\":\"" + B + "\",\"method\":\"updateComponentConfig\",\"params\":{\"componentId\":\"x\","
                        + "\"properties\":[{\"name\":\"a\"}]}}")));
        assertEquals(OpenemsError.JSON_HAS_NO_MEMBER, e.error());
        e = assertThrows(OpenemsException.class, () -> CreateComponentConfigRequest.from(request(
                "{\"id\":\"" + B + "\",\"method\":\"createComponentConfig\",\"params\":{\"factoryPid\":\"x\","
                        + "\"properties\":{}}}")));
        assertEquals(OpenemsError.JSON_NO_ARRAY_MEMBER, e.error());
    }

    @Test
    void setChannelValueRoundTripsAndValidatesAddress() throws Exception {
        SetChannelValueRequest set = new SetChannelValueRequest(UUID.fromString(B), "ess0", "SetActivePowerEquals",
                JsonNull.INSTANCE);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"setChannelValue\",\"params\":{"
                + "\"componentId\":\"ess0\",\"channelId\":\"SetActivePowerEquals\",\"value\":null}}",
                JsonRpcCodec.encode(set.toRequest()));
        assertEquals(set, SetChannelValueRequest.from(set.toRequest()));
        var e = assertThrows(OpenemsException.class, () -> new SetChannelValueRequest(UUID.fromString(B), "ess 0",
                "X", new JsonPrimitive(1)).channelAddress());
        assertEquals("This [ess 0/X] is not a valid channel address", e.getMessage());
        e = assertThrows(OpenemsException.class, () -> SetChannelValueRequest.from(request(
                "{\"id\":\"" + B + "\",\"method\":\"setChannelValue\",\"params\":{\"componentId\":\"a\",\"channelId\":\"B\"}}")));
        assertEquals(OpenemsError.JSON_HAS_NO_MEMBER, e.error());
    }

    @Test
    void componentJsonApiPayloadIdIsOptional() throws Exception {
        ComponentJsonApiRequest api = ComponentJsonApiRequest.from(request("{\"id\":\"" + A
                + "\",\"method\":\"componentJsonApi\",\"params\":{\"componentId\":\"_componentManager\","
                + "\"payload\":{\"method\":\"getChannelsOfComponent\",\"params\":{\"componentId\":\"meter0\"}}}}"));
        assertEquals("_componentManager", api.componentId());
        assertEquals("getChannelsOfComponent", api.payload().method());
        assertNotNull(api.payload().id());
        assertEquals(api, ComponentJsonApiRequest.from(api.toRequest()));
    }

    @Test
    void simpleRequestsRoundTrip() throws Exception {
        String get = "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"getEdgeConfig\",\"params\":{}}";
        assertEquals(get, JsonRpcCodec.encode(GetEdgeConfigRequest.from(request(get)).toRequest()));
        String routes = "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"routes\",\"params\":{}}";
        assertEquals(routes, JsonRpcCodec.encode(RoutesRequest.from(request(routes)).toRequest()));
        var e = assertThrows(OpenemsException.class, () -> RoutesRequest.from(request(get)));
        assertEquals("Expected JSON-RPC method [routes], got [getEdgeConfig]", e.getMessage());
    }

    @Test
    void edgeToBackendRequestsRoundTrip() throws Exception {
        JsonRpcRequest inner = new JsonRpcRequest(UUID.fromString(B), "getRegisteredKeys", new JsonObject());
        AppCenterRequest app = new AppCenterRequest(UUID.fromString(A), inner);
        String appText = "{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"appCenter\",\"params\":{\"payload\":"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"" + B + "\",\"method\":\"getRegisteredKeys\",\"params\":{}}}}";
        assertEquals(appText, JsonRpcCodec.encode(app.toRequest()));
        assertEquals(app, AppCenterRequest.from(request(appText)));

        OAuthRegistryRequest oauth = OAuthRegistryRequest.create(inner);
        assertEquals("oauthRegistry", oauth.toRequest().method());
        assertEquals(oauth, OAuthRegistryRequest.from(oauth.toRequest()));

        CheckSetupPasswordRequest check = new CheckSetupPasswordRequest(UUID.fromString(A), "s3cret");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"" + A + "\",\"method\":\"checkSetupPassword\",\"params\":"
                + "{\"setupPassword\":\"s3cret\"}}", JsonRpcCodec.encode(check.toRequest()));
        assertEquals(check, CheckSetupPasswordRequest.from(check.toRequest()));
        assertFalse(check.toString().contains("s3cret"), "password must not reach logs");
    }

    @Test
    void typedRequestsCanBeSentThroughTheCodec() throws Exception {
        for (JsonRpcRequest r : List.of(GetEdgeConfigRequest.create().toRequest(), RoutesRequest.create().toRequest(),
                new SubscribeSystemLogRequest(UUID.randomUUID(), false).toRequest())) {
            assertInstanceOf(JsonRpcRequest.class, JsonRpcCodec.parse(JsonRpcCodec.encode(r)));
            assertEquals(r, JsonRpcCodec.parse(JsonRpcCodec.encode(r)));
        }
    }

    static JsonRpcRequest request(String text) throws Exception {
        return (JsonRpcRequest) JsonRpcCodec.parse(text);
    }
}
