package io.uplink.connector.tests;

import static io.uplink.connector.tests.BackendHarness.B;
import static io.uplink.connector.tests.BackendHarness.componentApi;
import static io.uplink.connector.tests.BackendHarness.error;
import static io.uplink.connector.tests.BackendHarness.q;
import static io.uplink.connector.tests.BackendHarness.wrapped;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Minimum roles of §7.2, checked before the request is interpreted, refused with 1002 and data [method, ROLE]
 * exactly as OpenEMS's role guard does.
 */
class BackendRolesTest {

    private static final String WRITE = q("{'componentId':'ess0','channelId':'SetActivePowerEquals','value':100}");
    private static final String UPDATE = q(
            "{'componentId':'ctrlBackend0','properties':[{'name':'apiTimeout','value':30}]}");

    private final BackendHarness backend = new BackendHarness();

    private static String denied(String method, String role) {
        String message = "Access to this resource [" + method + "] is denied for User with Role [" + role + "]";
        return error(1002, message, method, role);
    }

    @Test
    void setChannelValueNeedsAdmin() {
        assertEquals(denied("setChannelValue", "GUEST"), this.backend.call("guest", "setChannelValue", WRITE));
        assertEquals(denied("setChannelValue", "OWNER"), this.backend.call("owner", "setChannelValue", WRITE));
        assertEquals(denied("setChannelValue", "INSTALLER"), this.backend.call("installer", "setChannelValue", WRITE));
        assertTrue(this.backend.edge.writes.isEmpty());
        assertEquals(wrapped(B, "{}"), this.backend.call("admin", "setChannelValue", WRITE));
        assertEquals(1, this.backend.edge.writes.size());
        assertEquals(3, this.backend.log.size());
        assertEquals("Refused Backend request [setChannelValue by user [jane] with role [owner]] (id "
                + BackendHarness.A + "): error 1002 Access to this resource [setChannelValue] is denied for User with "
                + "Role [OWNER]",
                this.backend.log.get(1));
    }

    @Test
    void updateComponentConfigNeedsOwner() {
        assertEquals(denied("updateComponentConfig", "GUEST"),
                this.backend.call("guest", "updateComponentConfig", UPDATE));
        assertEquals("60", this.backend.edge.controllerProperty("apiTimeout").toString());
        for (String role : List.of("owner", "installer", "admin")) {
            assertEquals(wrapped(B, "{}"), this.backend.call(role, "updateComponentConfig", UPDATE), role);
        }
        assertEquals("30", this.backend.edge.controllerProperty("apiTimeout").toString());
    }

    @Test
    void createAndDeleteNeedInstallerAndAreThenRefusedForAFixedComponentSet() {
        String create = q("{'factoryPid':'Simulator.GridMeter.Acting','properties':[{'name':'id','value':'meter1'}]}");
        assertEquals(denied("createComponentConfig", "OWNER"),
                this.backend.call("owner", "createComponentConfig", create));
        String refusal = "Unable to create configuration for Factory [Simulator.GridMeter.Acting]: "
                + "[Uplink has a fixed set of components and cannot create one]";
        assertEquals(error(2003, refusal, "Simulator.GridMeter.Acting",
                "Uplink has a fixed set of components and cannot create one"),
                this.backend.call("installer", "createComponentConfig", create));

        String delete = "{\"componentId\":\"meter0\"}";
        assertEquals(denied("deleteComponentConfig", "OWNER"),
                this.backend.call("owner", "deleteComponentConfig", delete));
        String cannot = "Uplink has a fixed set of components; it can be disabled but not deleted";
        assertEquals(error(2004, "Unable to delete configuration for Component [meter0]: [" + cannot + "]", "meter0",
                cannot), this.backend.call("admin", "deleteComponentConfig", delete));
        assertEquals(error(2000, "Unable to find OpenEMS Component with ID [meter9]", "meter9"),
                this.backend.call("installer", "deleteComponentConfig", "{\"componentId\":\"meter9\"}"));
    }

    @Test
    void everyRoleMayReadTheConfigurationAndTheRoutes() {
        for (String role : List.of("guest", "owner", "installer", "admin")) {
            assertTrue(this.backend.callJson(role, "getEdgeConfig", "{}").has("result"), role);
            assertTrue(this.backend.callJson(role, "routes", "{}").has("result"), role);
        }
        assertTrue(this.backend.log.isEmpty());
    }

    @Test
    void componentManagerEndpointsGuardTheirOwnMethods() {
        assertEquals(denied("updateComponentConfig", "GUEST"), this.backend.call("guest", "componentJsonApi",
                componentApi("_componentManager", "updateComponentConfig", UPDATE)));
        assertEquals(denied("getAllComponentFactories", "INSTALLER"), this.backend.call("installer", "componentJsonApi",
                componentApi("_componentManager", "getAllComponentFactories", "{}")));
        String factories = this.backend.edge.edgeConfig().toJson().get("factories").toString();
        assertEquals(wrapped(B, "{\"factories\":" + factories + "}"), this.backend.call("admin", "componentJsonApi",
                componentApi("_componentManager", "getAllComponentFactories", "{}")));
        assertTrue(this.backend.callJson("guest", "componentJsonApi",
                componentApi("_componentManager", "getChannelsOfComponent", "{\"componentId\":\"meter0\"}"))
                .has("result"));
    }

    @Test
    void theRoleIsCheckedBeforeTheParamsAreRead() {
        assertEquals(denied("setChannelValue", "OWNER"), this.backend.call("owner", "setChannelValue", "{}"));
    }
}
