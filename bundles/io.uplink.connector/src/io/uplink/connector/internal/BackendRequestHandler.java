package io.uplink.connector.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import io.uplink.connector.internal.ComponentManagerApi.ChannelAddressText;
import io.uplink.core.ChannelAddress;
import io.uplink.core.ChannelMetadata;
import io.uplink.core.OpenemsType;
import io.uplink.protocol.AuthenticatedRpcRequest;
import io.uplink.protocol.AuthenticatedRpcRequest.User;
import io.uplink.protocol.AuthenticatedRpcResponse;
import io.uplink.protocol.ComponentJsonApiRequest;
import io.uplink.protocol.JsonRpcError;
import io.uplink.protocol.JsonRpcRequest;
import io.uplink.protocol.JsonRpcResponse;
import io.uplink.protocol.JsonRpcSuccess;
import io.uplink.protocol.OpenemsException;
import io.uplink.protocol.RoutesRequest;
import io.uplink.protocol.SetChannelValueRequest;
import io.uplink.protocol.SubscribeSystemLogRequest;

/**
 * Answers the JSON-RPC requests the Backend sends to the Edge (§7) as OpenEMS Edge's Controller.Api.Backend
 * does: only {@code authenticatedRpc} at the top level; a success is wrapped as {@code {"payload":<inner>}} with
 * the outer id, an error goes back unwrapped with the outer id. Thread-safe; {@link #handle} never throws.
 *
 * <p>Where OpenEMS's answer carries no information, Uplink answers better on purpose: a malformed
 * authenticatedRpc or config request gets the JSON_* error instead of GENERIC "No response", and a timeout
 * names the request instead of GENERIC "null".
 */
public final class BackendRequestHandler {

    /** Bound for requests without a {@code timeout}, so a stuck facade call never blocks the connection. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(BackendRequestHandler.class);
    private static final int MAX_LOGGED_TEXT = 80;
    private static final int MAX_LOGGED_MESSAGE = 400;
    private static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("uplink-backend-request")
            .start(task);

    private final EdgeFacade edge;
    private final Executor executor;
    private final Duration maxWait;
    private final Consumer<String> rejectionLog;
    private final ComponentManagerApi componentManager;

    /** Runs each request on a virtual thread, waits at most the request's timeout or 60 s, logs refusals as WARN. */
    public BackendRequestHandler(EdgeFacade edge) {
        this(edge, VIRTUAL_THREADS, DEFAULT_MAX_WAIT, LOG::warn);
    }

    /**
     * @param executor runs each request; {@code Runnable::run} handles it on the caller's thread, which gives up
     *        enforcing timeouts
     * @param maxWait how long to wait for an answer when the request has no {@code timeout}
     * @param rejectionLog receives one line per refused request, free of secrets
     */
    public BackendRequestHandler(EdgeFacade edge, Executor executor, Duration maxWait, Consumer<String> rejectionLog) {
        this.edge = Objects.requireNonNull(edge, "edge");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.rejectionLog = Objects.requireNonNull(rejectionLog, "rejectionLog");
        this.componentManager = new ComponentManagerApi(edge);
    }

    /**
     * The response to send for a request from the Backend, carrying the request's id. The request's
     * {@code timeout} (seconds, if &gt; 0) bounds the wait, as OpenEMS's receiver enforces it; a facade call still
     * running then may complete after the error was answered.
     */
    public JsonRpcResponse handle(JsonRpcRequest request) {
        RequestSecrets secrets = RequestSecrets.of(Objects.requireNonNull(request, "request"));
        Integer timeout = request.timeoutSeconds();
        Duration wait = timeout != null && timeout > 0 ? Duration.ofSeconds(timeout) : this.maxWait;
        JsonRpcResponse response;
        try {
            response = CompletableFuture.supplyAsync(() -> this.answer(secrets), this.executor)
                    .get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            response = error(secrets, OpenemsException.generic("Request [" + describe(secrets.masked())
                    + "] was not answered within [" + format(wait) + "]; it may still complete on the Edge"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = error(secrets, OpenemsException.generic("Edge is shutting down; request was not handled"));
        } catch (RejectedExecutionException e) {
            response = error(secrets, OpenemsException.generic("Edge is shutting down; request was not handled"));
        } catch (ExecutionException e) {
            LOG.warn("Backend request [{}] failed unexpectedly", describe(secrets.masked()), e.getCause());
            response = error(secrets, OpenemsException.generic(String.valueOf(e.getCause())));
        }
        if (response instanceof JsonRpcError error) {
            this.rejectionLog.accept("Refused Backend request [" + describe(secrets.masked()) + "] (id " + error.id()
                    + "): error " + error.code() + " " + printable(error.message(), MAX_LOGGED_MESSAGE));
        }
        return response;
    }

    private JsonRpcResponse answer(RequestSecrets secrets) {
        JsonRpcRequest request = secrets.masked();
        try {
            if (!EdgeRoutes.AUTHENTICATED_RPC.equals(request.method())) {
                throw EdgeRoutes.notDefined(request.method());
            }
            AuthenticatedRpcRequest authenticated = AuthenticatedRpcRequest.from(request);
            JsonRpcSuccess inner = this.dispatch(authenticated.payload(), authenticated.user(), secrets);
            LOG.debug("Answered Backend request [{}]", describe(request));
            return AuthenticatedRpcResponse.answer(request.id(), inner);
        } catch (OpenemsException e) {
            return error(secrets, e);
        } catch (RuntimeException e) {
            // OpenEMS answers any other exception as GENERIC with its message
            LOG.debug("Backend request [{}] failed", describe(request), scrubbed(e, secrets));
            return error(secrets, OpenemsException.generic(e.getMessage() != null ? e.getMessage() : e.toString()));
        }
    }

    private JsonRpcSuccess dispatch(JsonRpcRequest inner, User user, RequestSecrets secrets) throws OpenemsException {
        String method = inner.method();
        EdgeRoutes.Endpoint endpoint = EdgeRoutes.find(EdgeRoutes.AUTHENTICATED, method)
                .orElseThrow(() -> EdgeRoutes.notDefined(method));
        endpoint.checkRole(user.role());
        return switch (method) {
            case EdgeRoutes.COMPONENT_JSON_API ->
                this.componentJsonApi(ComponentJsonApiRequest.from(inner), user, secrets);
            case SetChannelValueRequest.METHOD -> this.setChannelValue(SetChannelValueRequest.from(inner));
            case SubscribeSystemLogRequest.METHOD -> {
                SubscribeSystemLogRequest subscribe = SubscribeSystemLogRequest.from(inner);
                this.edge.subscribeSystemLog(subscribe.subscribe());
                yield subscribe.successResponse();
            }
            case RoutesRequest.METHOD -> new JsonRpcSuccess(RoutesRequest.from(inner).id(), EdgeRoutes.routes());
            // getEdgeConfig, create/update/deleteComponentConfig: OpenEMS delegates them to _componentManager
            default -> this.componentManager.handle(inner, user, secrets);
        };
    }

    /**
     * The component's result is not wrapped again (§7.2); the answer echoes the componentJsonApi request's id, as
     * every inner answer does (§7.1 "both ids are echoed"), which the strict local Backend checks.
     */
    private JsonRpcSuccess componentJsonApi(ComponentJsonApiRequest request, User user, RequestSecrets secrets)
            throws OpenemsException {
        return switch (request.componentId()) {
            case EdgeRoutes.COMPONENT_MANAGER_ID ->
                new JsonRpcSuccess(request.id(), this.componentManager.handle(request.payload(), user, secrets).result());
            case EdgeRoutes.HOST_ID -> throw OpenemsException.generic("Uplink does not run system commands: ["
                    + request.payload().method() + "] of component [" + EdgeRoutes.HOST_ID + "] is refused");
            // OpenEMS's text for every component without a JSON API, existing or not
            default -> throw OpenemsException
                    .generic("Component with id '" + request.componentId() + "' was not found");
        };
    }

    /** Checks as OpenEMS's ApiWorker does, then stores; the answer {@code {}} comes before any write. */
    private JsonRpcSuccess setChannelValue(SetChannelValueRequest request) throws OpenemsException {
        ChannelMetadata channel = this.componentManager
                .channel(new ChannelAddressText(request.componentId(), request.channelId()));
        ChannelAddress address = channel.address();
        if (!channel.isWritable()) {
            throw OpenemsException
                    .generic("[" + describe(channel, this.edge.currentValue(address)) + "] is not a Write Channel");
        }
        JsonElement value = request.value();
        if (channel.type() != OpenemsType.STRING && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                && value.getAsString().isEmpty()) {
            // OpenEMS lets "" reset a non-string channel, like null
            value = JsonNull.INSTANCE;
        }
        this.edge.setChannelValue(address, value);
        return JsonRpcSuccess.empty(request.id());
    }

    /** OpenEMS prints the channel's toString() here: {@code Channel [ID=.., type=.., activeValue=.., access=..]}. */
    private static String describe(ChannelMetadata channel, Object value) {
        String unit = channel.unit().symbol();
        String active = value == null ? "UNDEFINED" : value + (unit.isEmpty() ? "" : " " + unit);
        return "Channel [ID=" + channel.address().channelId() + ", type=" + channel.type() + ", activeValue=" + active
                + ", access=" + channel.accessMode() + "]";
    }

    /** The exception's text and stack without secrets (and without its causes, whose texts could hold them). */
    private static RuntimeException scrubbed(RuntimeException e, RequestSecrets secrets) {
        RuntimeException copy = new RuntimeException(secrets.scrub(e.toString()));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static String format(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + "s" : wait.toMillis() + "ms";
    }

    private static JsonRpcError error(RequestSecrets secrets, OpenemsException e) {
        return secrets.scrub(e.toJsonRpcError(secrets.masked().id()));
    }

    /**
     * What a request is about, for log lines, read defensively from the masked JSON:
     * {@code updateComponentConfig by user [jane] with role [owner]},
     * {@code componentJsonApi _host/executeSystemCommand}.
     */
    static String describe(JsonRpcRequest masked) {
        if (!EdgeRoutes.AUTHENTICATED_RPC.equals(masked.method())) {
            return printable(masked.method());
        }
        JsonObject params = masked.params();
        JsonElement payload = params.get("payload");
        String inner = text(member(payload, "method"));
        StringBuilder text = new StringBuilder(inner == null ? EdgeRoutes.AUTHENTICATED_RPC : printable(inner));
        if (EdgeRoutes.COMPONENT_JSON_API.equals(inner)) {
            JsonElement apiParams = member(payload, "params");
            text.append(' ').append(printable(String.valueOf(text(member(apiParams, "componentId"))))).append('/')
                    .append(printable(String.valueOf(text(member(member(apiParams, "payload"), "method")))));
        }
        JsonElement user = params.get("user");
        String userId = text(member(user, "id"));
        if (userId != null) {
            text.append(" by user [").append(printable(userId)).append("] with role [")
                    .append(printable(String.valueOf(text(member(user, "role"))))).append(']');
        }
        return text.toString();
    }

    /** Text from the Backend made safe for one log line: no control characters, at most 80 characters. */
    static String printable(String text) {
        return printable(text, MAX_LOGGED_TEXT);
    }

    private static String printable(String text, int max) {
        StringBuilder result = new StringBuilder(Math.min(text.length(), max + 3));
        for (int i = 0; i < text.length(); i++) {
            if (result.length() >= max) {
                return result.append("...").toString();
            }
            char c = text.charAt(i);
            result.append(Character.isISOControl(c) ? '?' : c);
        }
        return result.toString();
    }

    private static JsonElement member(JsonElement element, String name) {
        return element != null && element.isJsonObject() ? element.getAsJsonObject().get(name) : null;
    }

    private static String text(JsonElement element) {
        return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
    }
}
