package io.uplink.ui.profile;

import java.nio.file.Path;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import io.uplink.agent.AgentControl;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileFormat;
import io.uplink.ui.AgentControlTracker;

/** Opening profile editors: the menu's commands and the editor's New Profile button. */
public final class ProfileCommands {

    private ProfileCommands() {
    }

    /**
     * A new profile with the running agent's thresholds (OpenEMS's defaults without an agent), or a copy of the
     * profile the agent sends with, when it has one.
     */
    public static IEditorPart openNew(IWorkbenchPage page) {
        AgentControl control = AgentControlTracker.current().orElse(null);
        PriorityProfile initial = PriorityProfile.newProfile("New profile");
        if (control != null) {
            initial = control.profile().map(p -> p.profile().withField(PriorityProfile.NAME, "Copy of " + p.profile().name()))
                    .orElse(initial
                            .withField(PriorityProfile.PERSISTENCE_PRIORITY, control.config().persistencePriority().name())
                            .withField(PriorityProfile.AGGREGATION_PRIORITY, control.config().aggregationPriority().name())
                            .withField(PriorityProfile.RESEND_PRIORITY, control.config().resendPriority().name()));
        }
        return open(page, ProfileEditorInput.untitled(initial));
    }

    public static IEditorPart open(IWorkbenchPage page, Path file) {
        return open(page, ProfileEditorInput.ofFile(file));
    }

    private static IEditorPart open(IWorkbenchPage page, ProfileEditorInput input) {
        try {
            page.setEditorAreaVisible(true); // the Uplink perspective starts without it
            return page.openEditor(input, ProfileEditor.ID);
        } catch (PartInitException e) {
            MessageDialog.openError(page.getWorkbenchWindow().getShell(), "Profile not opened", e.getMessage());
            return null;
        }
    }

    /** Command {@code io.uplink.ui.commands.newProfile}. */
    public static final class NewProfileHandler extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) {
            openNew(HandlerUtil.getActiveWorkbenchWindow(event).getActivePage());
            return null;
        }
    }

    /** Command {@code io.uplink.ui.commands.openProfile}. */
    public static final class OpenProfileHandler extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) {
            FileDialog dialog = new FileDialog(HandlerUtil.getActiveShell(event), SWT.OPEN);
            dialog.setText("Open Profile");
            dialog.setFilterExtensions(new String[] { "*." + ProfileFormat.EXTENSION, "*" });
            String chosen = dialog.open();
            if (chosen != null) {
                open(HandlerUtil.getActiveWorkbenchWindow(event).getActivePage(), Path.of(chosen));
            }
            return null;
        }
    }
}
