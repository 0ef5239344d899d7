package io.uplink.testkit.swt;

import org.eclipse.jface.action.IAction;

/** A view's toolbar button (SWTBot: {@code SWTBotToolbarButton}), driven through its action as a click does. */
public class UiToolbarButton {
    private final UiBot bot;
    private final IAction action;

    UiToolbarButton(UiBot bot, IAction action) {
        this.bot = bot;
        this.action = action;
    }

    public boolean isEnabled() {
        return action.isEnabled();
    }

    public String getToolTipText() {
        return action.getToolTipText();
    }

    /** Runs the action as the button would; a disabled button cannot be clicked, as for a user. */
    public UiToolbarButton click() {
        if (!action.isEnabled()) {
            throw new IllegalStateException("toolbar button '" + action.getText() + "' is disabled");
        }
        action.run();
        bot.spin();
        return this;
    }
}
