package io.uplink.ui.device;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

import io.uplink.ui.WatchedAgents;

/** Handlers of the Device menu. */
public final class DeviceCommands {

    private DeviceCommands() {
    }

    /** "Attach to Device…". */
    public static final class AttachHandler extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) {
            new AttachDialog(HandlerUtil.getActiveShell(event)).open();
            return null;
        }
    }

    /** "Detach": back to the agent in this workbench, if any. */
    public static final class DetachHandler extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) {
            WatchedAgents.detach();
            return null;
        }

        @Override
        public boolean isEnabled() {
            return WatchedAgents.device().isPresent();
        }
    }
}
