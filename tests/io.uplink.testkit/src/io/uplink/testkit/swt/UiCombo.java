package io.uplink.testkit.swt;

import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;

/** A combo box (SWTBot: {@code SWTBotCombo}). */
public class UiCombo extends AbstractUiControl<Combo> {

    UiCombo(UiBot bot, Combo widget) {
        super(bot, widget);
    }

    public String selection() {
        int index = widget.getSelectionIndex();
        return index < 0 ? widget.getText() : widget.getItem(index);
    }

    public String[] items() {
        return widget.getItems();
    }

    /** Types a text into an editable combo box (one Modify event), as a user may type a value not in the list. */
    public UiCombo setText(String text) {
        checkActionable();
        widget.setText(text);
        bot.spin();
        return this;
    }

    /** Selects the item with this text and tells the listeners, as a user's choice does. */
    public UiCombo setSelection(String item) {
        checkActionable();
        int index = Arrays.asList(widget.getItems()).indexOf(item);
        if (index < 0) {
            throw new WidgetNotFoundException("no item '" + item + "' in " + Arrays.toString(widget.getItems()));
        }
        widget.select(index);
        notify(SWT.Selection);
        return this;
    }
}
