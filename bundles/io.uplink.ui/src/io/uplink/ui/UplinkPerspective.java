package io.uplink.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import io.uplink.ui.views.ConnectionView;
import io.uplink.ui.views.ResendView;
import io.uplink.ui.views.TransmissionView;
import io.uplink.ui.views.WarningsView;

/** Connection top left, warnings and resend below it, channel transmission taking the right side. */
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
        layout.addView(TransmissionView.ID, IPageLayout.RIGHT, 0.35f, editorArea);
        for (String id : new String[] { ConnectionView.ID, TransmissionView.ID, WarningsView.ID, ResendView.ID }) {
            layout.getViewLayout(id).setCloseable(true);
        }
    }
}
