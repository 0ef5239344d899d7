package io.uplink.testkit.swt;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IEditorReference;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.IViewDescriptor;

/**
 * A small SWT test driver whose API is shaped like SWTBot's ({@code SWTWorkbenchBot}), so that SWTBot can
 * replace it when it is available: find a view by title, widgets by type, label or index, and wait until a
 * condition holds. Unlike SWTBot it runs on the UI thread (the Tycho UI harness with {@code useUIThread}) and
 * keeps the event loop turning while it waits.
 */
public class UiBot {
    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

    private final Composite root;
    /** Kept apart from root: a bot over a dialog must still turn the event loop after the dialog closed. */
    private final Display display;

    /** A bot over the active workbench window. */
    public UiBot() {
        this(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
    }

    /** A bot that finds widgets below {@code root} only (SWTBot: {@code view.bot()}). */
    public UiBot(Composite root) {
        this.root = root;
        this.display = root.getDisplay();
    }

    public Display display() {
        return display;
    }

    /** Finds an open view by its title, or opens the registered view with that name, and brings it to the top. */
    public UiView viewByTitle(String title) {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        for (IViewReference reference : page.getViewReferences()) {
            if (title.equals(reference.getPartName()) || title.equals(reference.getTitle())) {
                return show(page, reference.getId());
            }
        }
        for (IViewDescriptor descriptor : PlatformUI.getWorkbench().getViewRegistry().getViews()) {
            if (title.equals(descriptor.getLabel())) {
                return show(page, descriptor.getId());
            }
        }
        throw new WidgetNotFoundException("no view titled '" + title + "'");
    }

    private UiView show(IWorkbenchPage page, String id) {
        try {
            IViewPart part = page.showView(id);
            spin();
            return new UiView(this, part);
        } catch (PartInitException e) {
            throw new WidgetNotFoundException("view " + id + " cannot be opened: " + e.getMessage());
        }
    }

    public UiTable table() {
        return table(0);
    }

    public UiTable table(int index) {
        return new UiTable(this, find(Table.class, t -> true, index, "table #" + index));
    }

    public UiButton button(String label) {
        return new UiButton(this, find(Button.class, b -> label.equals(b.getText()), 0, "button '" + label + "'"));
    }

    public UiText text() {
        return text(0);
    }

    public UiText text(int index) {
        return new UiText(this, find(Text.class, t -> true, index, "text #" + index));
    }

    /** The text field that follows the label with this text among its siblings (SWTBot's rule). */
    public UiText textWithLabel(String label) {
        Label found = find(Label.class, l -> label.equals(l.getText()), 0, "label '" + label + "'");
        Control[] siblings = found.getParent().getChildren();
        boolean afterLabel = false;
        for (Control sibling : siblings) {
            if (sibling == found) {
                afterLabel = true;
            } else if (afterLabel && sibling instanceof Text text) {
                return new UiText(this, text);
            }
        }
        throw new WidgetNotFoundException("no text after the label '" + label + "'");
    }

    /** The combo box that follows the label with this text among its siblings (SWTBot's rule). */
    public UiCombo comboBoxWithLabel(String label) {
        return new UiCombo(this, afterLabel(label, Combo.class));
    }

    /** The check box with this text (SWTBot: {@code checkBox(String)}). */
    public UiButton checkBox(String label) {
        return button(label);
    }

    /** An open editor by its title (SWTBot: {@code editorByTitle}), brought to the top. */
    public UiEditor editorByTitle(String title) {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        for (IEditorReference reference : page.getEditorReferences()) {
            if (title.equals(reference.getTitle()) || title.equals(reference.getPartName())) {
                IEditorPart editor = reference.getEditor(true);
                page.activate(editor);
                spin();
                return new UiEditor(this, editor);
            }
        }
        throw new WidgetNotFoundException("no editor titled '" + title + "'");
    }

    /** The active editor (SWTBot: {@code activeEditor}). */
    public UiEditor activeEditor() {
        IEditorPart editor = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
        if (editor == null) {
            throw new WidgetNotFoundException("no active editor");
        }
        return new UiEditor(this, editor);
    }

    /** A visible shell with this title, e.g. a dialog (SWTBot: {@code shell(String)}). */
    public UiShell shell(String title) {
        for (Shell shell : display().getShells()) {
            if (!shell.isDisposed() && shell.isVisible() && title.equals(shell.getText())) {
                return new UiShell(this, shell);
            }
        }
        throw new WidgetNotFoundException("no shell titled '" + title + "'");
    }

    private <T extends Control> T afterLabel(String label, Class<T> type) {
        Label found = find(Label.class, l -> label.equals(l.getText()), 0, "label '" + label + "'");
        boolean afterLabel = false;
        for (Control sibling : found.getParent().getChildren()) {
            if (sibling == found) {
                afterLabel = true;
            } else if (afterLabel && type.isInstance(sibling)) {
                return type.cast(sibling);
            }
        }
        throw new WidgetNotFoundException("no " + type.getSimpleName() + " after the label '" + label + "'");
    }

    public UiCombo comboBox() {
        return comboBox(0);
    }

    public UiCombo comboBox(int index) {
        return new UiCombo(this, find(Combo.class, c -> true, index, "combo #" + index));
    }

    /**
     * Saves what is on screen inside the control's bounds as PNG (SWTBot: {@code captureScreenshot}); the screenshots
     * in the README come from tests this way.
     */
    public void captureScreenshot(Control area, java.nio.file.Path file) throws java.io.IOException {
        spin();
        // a shell: its client area (without a window manager its bounds can be larger than what it paints)
        org.eclipse.swt.graphics.Rectangle bounds = area instanceof Shell shell
                ? display.map(shell, null, shell.getClientArea())
                : display.map(area.getParent(), null, area.getBounds());
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(display, bounds.width, bounds.height);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(display);
        try {
            gc.copyArea(image, bounds.x, bounds.y);
            org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
            loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
            loader.save(file.toString(), org.eclipse.swt.SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** Turns the event loop until the condition holds; fails with its message after the timeout. */
    public void waitUntil(Condition condition, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Throwable lastFailure = null;
        while (true) {
            try {
                if (condition.test()) {
                    return;
                }
                lastFailure = null;
            } catch (Exception | AssertionError e) {
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Timeout after " + timeoutMillis + " ms: " + condition.getFailureMessage(), lastFailure);
            }
            spinOnce();
        }
    }

    public void waitUntil(Condition condition) {
        waitUntil(condition, DEFAULT_TIMEOUT_MILLIS);
    }

    /** Lets the UI run for a while (SWTBot: {@code sleep}). */
    public void sleep(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            spinOnce();
        }
    }

    /** Runs every pending event, layout and paint. */
    public void spin() {
        Display display = display();
        while (display.readAndDispatch()) {
            // drain
        }
    }

    private void spinOnce() {
        if (!display().readAndDispatch()) {
            try {
                Thread.sleep(5); // nothing pending: the agent's threads post the next update
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted while waiting", e);
            }
        }
    }

    private <T extends Control> T find(Class<T> type, Predicate<T> matches, int index, String what) {
        List<T> found = new ArrayList<>();
        collect(root, type, matches, found);
        if (found.size() <= index) {
            throw new WidgetNotFoundException("no " + what + " (found " + found.size() + " matching) in " + root);
        }
        return found.get(index);
    }

    private static <T extends Control> void collect(Control control, Class<T> type, Predicate<T> matches, List<T> found) {
        if (control.isDisposed()) {
            return;
        }
        if (type.isInstance(control) && matches.test(type.cast(control))) {
            found.add(type.cast(control));
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, type, matches, found);
            }
        }
    }
}
