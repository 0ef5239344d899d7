package io.uplink.testkit.swt;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.action.ActionContributionItem;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.IContributionItem;
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

    /** The view's toolbar button whose action has this text or tooltip (SWTBot: {@code toolbarButton}). */
    public UiToolbarButton toolbarButton(String textOrTooltip) {
        for (IContributionItem item : part.getViewSite().getActionBars().getToolBarManager().getItems()) {
            if (item instanceof ActionContributionItem actionItem) {
                IAction action = actionItem.getAction();
                if (textOrTooltip.equals(action.getText()) || textOrTooltip.equals(action.getToolTipText())) {
                    return new UiToolbarButton(parent, action);
                }
            }
        }
        throw new WidgetNotFoundException("no toolbar button '" + textOrTooltip + "' in view " + getTitle());
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
