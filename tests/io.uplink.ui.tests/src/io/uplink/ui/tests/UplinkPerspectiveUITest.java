package io.uplink.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import io.uplink.testkit.swt.Condition;
import io.uplink.testkit.swt.UiBot;
import io.uplink.ui.UplinkPerspective;
import io.uplink.ui.views.AgentAbsentView;
import io.uplink.ui.views.ConnectionView;
import io.uplink.ui.views.ResendView;
import io.uplink.ui.views.TransmissionView;
import io.uplink.ui.views.WarningsView;

/** Runs inside the real Uplink workbench (Tycho UI harness, Xvfb), on the UI thread. */
class UplinkPerspectiveUITest {

    @Test
    void perspectiveShowsEveryUplinkViewVisibleAndSized() {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.setPerspective(PlatformUI.getWorkbench().getPerspectiveRegistry().findPerspectiveWithId(UplinkPerspective.ID));
        assertEquals(UplinkPerspective.ID, page.getPerspective().getId());

        for (String id : new String[] { ConnectionView.ID, TransmissionView.ID, WarningsView.ID, ResendView.ID }) {
            IViewPart view = page.findView(id);
            assertNotNull(view, "view " + id + " is part of the perspective");
            page.bringToTop(view); // Warnings and Resend share a folder
            spinEventLoop();
            assertTrue(page.isPartVisible(view), id + " visible");
            AgentAbsentView uplinkView = (AgentAbsentView) view;
            Rectangle bounds = uplinkView.statusControl().getParent().getBounds();
            assertTrue(bounds.width > 0 && bounds.height > 0, id + " has a non-zero size, got " + bounds);
            assertTrue(uplinkView.statusControl().isVisible(), id + " status line visible");
            // views poll once a second: an agent stopped by an earlier test is gone from them within that
            new UiBot().waitUntil(Condition.that(id + " says no agent is running",
                    () -> AgentAbsentView.NO_AGENT_TEXT.equals(uplinkView.statusText())), 5_000);
            assertEquals(AgentAbsentView.NO_AGENT_TEXT, uplinkView.statusText());
        }
    }

    private static void spinEventLoop() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // let layout and paint events run
        }
    }
}
