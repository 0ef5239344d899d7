package io.uplink.testkit.swt;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Text;

/** A text field (SWTBot: {@code SWTBotText}). */
public class UiText extends AbstractUiControl<Text> {

    UiText(UiBot bot, Text widget) {
        super(bot, widget);
    }

    public String getText() {
        return widget.getText();
    }

    /** Replaces the content at once (one Modify event). */
    public UiText setText(String text) {
        checkActionable();
        widget.setText(text);
        bot.spin();
        return this;
    }

    /** Types character by character at the caret: key down, the character, key up; each one a Modify event. */
    public UiText typeText(String text) {
        checkActionable();
        widget.setFocus();
        for (char character : text.toCharArray()) {
            Event down = new Event();
            down.character = character;
            down.keyCode = character;
            notify(SWT.KeyDown, down);
            widget.insert(String.valueOf(character));
            Event up = new Event();
            up.character = character;
            up.keyCode = character;
            notify(SWT.KeyUp, up);
        }
        return this;
    }
}
