package io.uplink.testkit.swt;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IViewPart;

/** An open workbench view (SWTBot: {@code SWTBotView}). */
public class UiView {
    private final UiBot parent;
    private final IViewPart part;

    UiView(UiBot parent, IViewPart part) {
        this.parent = parent;
        this.part = part;
    }

    public IViewPart getViewReference() {
        return part;
    }

    public String getTitle() {
        return part.getTitle();
    }

    public void show() {
        part.getSite().getPage().activate(part);
        parent.spin();
    }

    /** A bot that finds widgets inside this view only. */
    public UiBot bot() {
        MPart model = part.getSite().getService(MPart.class);
        if (model == null || !(model.getWidget() instanceof Composite composite)) {
            throw new WidgetNotFoundException("view " + getTitle() + " has no widget yet");
        }
        return new UiBot(composite);
    }
}
