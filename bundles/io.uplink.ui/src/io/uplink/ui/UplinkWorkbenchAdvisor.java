package io.uplink.ui;

import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPreferenceConstants;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/** Opens one window on the Uplink perspective; its title and status line name the agent it looks at. */
public class UplinkWorkbenchAdvisor extends WorkbenchAdvisor {

    /** "Uplink", or "Uplink — device 10.0.0.5:8090", with "(unreachable)" while the device does not answer. */
    public static String windowTitle() {
        WatchedAgent agent = WatchedAgents.current();
        if (!agent.remote()) {
            return "Uplink";
        }
        return "Uplink — " + agent.name() + (agent.problem() == null ? "" : " (unreachable)");
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return UplinkPerspective.ID;
    }

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        configurer.setSaveAndRestore(false);
        PlatformUI.getPreferenceStore().setValue(IWorkbenchPreferenceConstants.SHOW_PROGRESS_ON_STARTUP, false);
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new WorkbenchWindowAdvisor(configurer) {
            @Override
            public void preWindowOpen() {
                getWindowConfigurer().setInitialSize(new Point(1280, 800));
                getWindowConfigurer().setShowCoolBar(false);
                getWindowConfigurer().setShowStatusLine(true);
                getWindowConfigurer().setTitle("Uplink");
            }

            @Override
            public void postWindowOpen() {
                IWorkbenchWindowConfigurer window = getWindowConfigurer();
                Runnable show = () -> {
                    Shell shell = window.getWindow().getShell();
                    if (shell == null || shell.isDisposed()) {
                        return;
                    }
                    shell.setText(windowTitle());
                    window.getActionBarConfigurer().getStatusLineManager().setMessage(WatchedAgents.describe());
                };
                Runnable listener = () -> {
                    Display display = window.getWindow().getWorkbench().getDisplay();
                    if (!display.isDisposed()) {
                        display.asyncExec(show);
                    }
                };
                WatchedAgents.addListener(listener);
                window.getWindow().getShell().addDisposeListener(e -> WatchedAgents.removeListener(listener));
                show.run();
            }
        };
    }
}
