package io.uplink.testkit.swt;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;

/** An open editor (SWTBot: {@code SWTBotEditor}). */
public class UiEditor {
    private final UiBot parent;
    private final IEditorPart part;

    UiEditor(UiBot parent, IEditorPart part) {
        this.parent = parent;
        this.part = part;
    }

    public IEditorPart getReference() {
        return part;
    }

    public String getTitle() {
        return part.getTitle();
    }

    public boolean isDirty() {
        return part.isDirty();
    }

    public void show() {
        part.getSite().getPage().activate(part);
        parent.spin();
    }

    public void save() {
        part.getSite().getPage().saveEditor(part, false);
        parent.spin();
    }

    /** Closes without asking; unsaved changes are dropped. */
    public void close() {
        IWorkbenchPage page = part.getSite().getPage();
        page.closeEditor(part, false);
        parent.spin();
    }

    /** A bot that finds widgets inside this editor only. */
    public UiBot bot() {
        MPart model = part.getSite().getService(MPart.class);
        if (model == null || !(model.getWidget() instanceof Composite composite)) {
            throw new WidgetNotFoundException("editor " + getTitle() + " has no widget yet");
        }
        return new UiBot(composite);
    }
}
