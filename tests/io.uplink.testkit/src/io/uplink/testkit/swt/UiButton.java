package io.uplink.testkit.swt;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;

/** A push button, check box or radio button (SWTBot: {@code SWTBotButton}). */
public class UiButton extends AbstractUiControl<Button> {

    UiButton(UiBot bot, Button widget) {
        super(bot, widget);
    }

    public String getText() {
        return widget.getText();
    }

    /** The event sequence of a mouse click, ending in Selection (what listeners act on). */
    public UiButton click() {
        checkActionable();
        widget.setFocus();
        Event down = new Event();
        down.button = 1;
        notify(SWT.MouseDown, down);
        Event up = new Event();
        up.button = 1;
        notify(SWT.MouseUp, up);
        if ((widget.getStyle() & (SWT.CHECK | SWT.TOGGLE)) != 0) {
            widget.setSelection(!widget.getSelection());
        }
        notify(SWT.Selection);
        return this;
    }
}
