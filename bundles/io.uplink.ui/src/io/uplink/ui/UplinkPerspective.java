package io.uplink.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.uplink.ui.views.ConnectionView;
import io.uplink.ui.views.ResendView;
import io.uplink.ui.views.TransmissionView;
import io.uplink.ui.views.WarningsView;

/** Connection top left, warnings and resend below it, channel transmission (and the profile editor) on the right. */
public class UplinkPerspective implements IPerspectiveFactory {
    public static final String ID = "io.uplink.ui.perspective";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editorArea = layout.getEditorArea();
        layout.addView(ConnectionView.ID, IPageLayout.LEFT, 0.35f, editorArea);
        IFolderLayout lower = layout.createFolder("io.uplink.ui.folders.lowerLeft", IPageLayout.BOTTOM, 0.4f, ConnectionView.ID);
        lower.addView(WarningsView.ID);
        lower.addView(ResendView.ID);
        // the profile editor opens above the transmission view, which has the whole column while no editor is open
        layout.addView(TransmissionView.ID, IPageLayout.BOTTOM, 0.45f, editorArea);
        for (String id : new String[] { ConnectionView.ID, TransmissionView.ID, WarningsView.ID, ResendView.ID }) {
            layout.getViewLayout(id).setCloseable(true);
        }
    }
}
