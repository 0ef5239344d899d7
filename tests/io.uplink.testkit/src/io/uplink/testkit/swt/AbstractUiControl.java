package io.uplink.testkit.swt;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;

/** A found widget (SWTBot: {@code AbstractSWTBot}). */
public abstract class AbstractUiControl<T extends Control> {
    protected final UiBot bot;
    protected final T widget;

    AbstractUiControl(UiBot bot, T widget) {
        this.bot = bot;
        this.widget = widget;
    }

    public T widget() {
        return widget;
    }

    public boolean isVisible() {
        return widget.isVisible();
    }

    public boolean isEnabled() {
        return widget.isEnabled();
    }

    public void setFocus() {
        widget.setFocus();
        bot.spin();
    }

    /** Sends an event to the widget's listeners, as SWTBot does when it cannot post real input. */
    protected void notify(int eventType, Event event) {
        event.widget = widget;
        event.display = widget.getDisplay();
        event.type = eventType;
        widget.notifyListeners(eventType, event);
        bot.spin();
    }

    protected void notify(int eventType) {
        notify(eventType, new Event());
    }

    /** A user can act only on an enabled, visible widget; neither can the bot. */
    protected void checkActionable() {
        if (!widget.isEnabled() || !widget.isVisible()) {
            throw new IllegalStateException(widget + " is " + (widget.isEnabled() ? "not visible" : "disabled"));
        }
    }
}
