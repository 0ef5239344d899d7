package io.uplink.testkit.swt;

import org.eclipse.swt.widgets.Shell;

/** A shell, e.g. a dialog (SWTBot: {@code SWTBotShell}). */
public class UiShell {
    private final UiBot parent;
    private final Shell shell;

    UiShell(UiBot parent, Shell shell) {
        this.parent = parent;
        this.shell = shell;
    }

    public Shell widget() {
        return shell;
    }

    public boolean isOpen() {
        return !shell.isDisposed() && shell.isVisible();
    }

    public void activate() {
        shell.setActive();
        parent.spin();
    }

    /** A bot that finds widgets inside this shell only. */
    public UiBot bot() {
        return new UiBot(shell);
    }

    public void close() {
        shell.close();
        parent.spin();
    }
}
