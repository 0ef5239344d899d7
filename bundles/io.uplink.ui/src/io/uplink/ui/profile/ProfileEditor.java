package io.uplink.ui.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.commands.operations.IUndoableOperation;
import org.eclipse.core.commands.operations.ObjectUndoContext;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IEditorSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.operations.RedoActionHandler;
import org.eclipse.ui.operations.UndoActionHandler;
import org.eclipse.ui.part.EditorPart;

import io.uplink.agent.AgentControl;
import io.uplink.profile.CompiledProfile;
import io.uplink.profile.PriorityProfile;
import io.uplink.profile.ProfileException;
import io.uplink.profile.ProfileFormat;
import io.uplink.profile.ProfileProblem;
import io.uplink.ui.AgentControlTracker;

/**
 * Edits a persistence-priority profile: the thresholds and the default, the ordered rules with validation markers,
 * and a live preview against the running agent. Every edit is an operation in the workbench's operation history
 * (Edit → Undo/Redo, Ctrl+Z/Ctrl+Y); the editor is dirty while the profile differs from the saved one. A file that
 * cannot be read opens read-only with the problem and the file's text, and is never overwritten.
 */
public class ProfileEditor extends EditorPart {
    public static final String ID = "io.uplink.ui.editors.profile";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final IUndoContext undoContext = new ObjectUndoContext(this, "Profile editor");
    private PriorityProfile profile;
    private PriorityProfile saved;
    private Path file;
    /** Why the file could not be read; null when it was read (then the form is shown). */
    private String readError;
    private String readErrorText;

    private ProfileForm form;
    private PreviewSection preview;
    private Label messageIcon;
    private Label messageLine;
    private String statusNote = "";

    @Override
    public void init(IEditorSite site, IEditorInput input) throws PartInitException {
        if (!(input instanceof ProfileEditorInput profileInput)) {
            throw new PartInitException("Not a profile: " + input);
        }
        setSite(site);
        setInput(input);
        setPartName(input.getName());
        file = profileInput.file();
        if (file == null) {
            profile = profileInput.initial();
            saved = null;
            return;
        }
        try {
            readErrorText = Files.readString(file, StandardCharsets.UTF_8);
            profile = ProfileFormat.parse(readErrorText).profile();
            saved = profile;
            readErrorText = null;
        } catch (ProfileException e) {
            readError = file + ": " + e.getMessage();
        } catch (IOException e) {
            readError = "Cannot read " + file + ": " + e.getMessage();
            readErrorText = "";
        }
    }

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite header = new Composite(parent, SWT.NONE);
        header.setLayout(new GridLayout(2, false));
        header.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        messageIcon = new Label(header, SWT.NONE);
        messageLine = new Label(header, SWT.WRAP);
        messageLine.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        if (readError != null) {
            createReadErrorControl(parent);
            return;
        }
        Composite buttons = new Composite(parent, SWT.NONE);
        buttons.setLayout(new GridLayout(4, false));
        button(buttons, "Apply to Agent", this::applyToAgent);
        button(buttons, "Import…", this::importWithDialog);
        button(buttons, "Export…", this::exportWithDialog);
        button(buttons, "New Profile", () -> ProfileCommands.openNew(getSite().getPage()));

        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        form = new ProfileForm(sash, this::change);
        preview = new PreviewSection(sash, () -> profile, matches -> form.setRuleMatches(matches));
        sash.setWeights(new int[] { 55, 45 });

        IEditorSite site = getEditorSite();
        site.getActionBars().setGlobalActionHandler(ActionFactory.UNDO.getId(), new UndoActionHandler(site, undoContext));
        site.getActionBars().setGlobalActionHandler(ActionFactory.REDO.getId(), new RedoActionHandler(site, undoContext));
        show(profile);
    }

    private void createReadErrorControl(Composite parent) {
        messageIcon.setImage(parent.getDisplay().getSystemImage(SWT.ICON_ERROR));
        messageLine.setText(readError + "\nThe file is shown as it is and is not changed; fix it in a text editor.");
        Text text = new Text(parent, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
        text.setText(readErrorText == null ? "" : readErrorText);
        text.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
    }

    private static void button(Composite parent, String label, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(label);
        button.addListener(SWT.Selection, e -> action.run());
    }

    // ------------------------------------------------------------------ model and history

    public PriorityProfile profile() {
        return profile;
    }

    public IUndoContext undoContext() {
        return undoContext;
    }

    /** Records an edit; edits with the same non-null key in a row are one undo step (typing into one field). */
    void change(String label, PriorityProfile updated, String coalesceKey) {
        if (updated.equals(profile)) {
            return;
        }
        IOperationHistory history = history();
        IUndoableOperation top = history.getUndoOperation(undoContext);
        if (coalesceKey != null && top instanceof ProfileChange last && coalesceKey.equals(last.coalesceKey())
                && last.after().equals(profile) && history.getRedoOperation(undoContext) == null) {
            last.extendTo(updated);
            return;
        }
        ProfileChange operation = new ProfileChange(label, profile, updated, coalesceKey, this::show);
        operation.addContext(undoContext);
        try {
            history.execute(operation, null, null);
        } catch (ExecutionException e) {
            setMessage("The edit failed: " + e.getMessage(), true);
        }
    }

    private static IOperationHistory history() {
        return PlatformUI.getWorkbench().getOperationSupport().getOperationHistory();
    }

    /** Shows a profile (after an edit, undo or redo): widgets, markers, dirty state, preview. */
    private void show(PriorityProfile shown) {
        profile = shown;
        if (form == null || form.isDisposed()) {
            return;
        }
        form.show(shown);
        updateProblems();
        preview.refreshNow();
        firePropertyChange(PROP_DIRTY);
    }

    private void updateProblems() {
        List<ProfileProblem> problems = profile.problems();
        form.markProblems(problems);
        if (problems.isEmpty()) {
            setMessage(statusNote.isEmpty() ? "No problems." : statusNote, false);
        } else {
            setMessage(problems.size() + (problems.size() == 1 ? " problem: " : " problems, the first: ")
                    + problems.get(0), true);
        }
    }

    private void setMessage(String text, boolean error) {
        messageIcon.setImage(error ? messageLine.getDisplay().getSystemImage(SWT.ICON_ERROR) : null);
        messageLine.setText(text);
        messageLine.getParent().layout();
    }

    /** The message line's text: the number of problems and the first one, or the last action's result. */
    public String messageText() {
        return messageLine.getText();
    }

    public ProfileForm form() {
        return form;
    }

    public PreviewSection preview() {
        return preview;
    }

    /** True when the file could not be read and is shown read-only. */
    public boolean isReadOnly() {
        return readError != null;
    }

    // ------------------------------------------------------------------ save, import, export, apply

    @Override
    public boolean isDirty() {
        return readError == null && !profile.equals(saved);
    }

    @Override
    public boolean isSaveAsAllowed() {
        return readError == null;
    }

    @Override
    public void doSave(IProgressMonitor monitor) {
        if (readError != null) {
            return;
        }
        if (file == null) {
            doSaveAs();
            return;
        }
        saveTo(file);
    }

    @Override
    public void doSaveAs() {
        Path target = chooseFile(SWT.SAVE, "Save Profile As");
        if (target != null && saveTo(target)) {
            file = target;
            setInputWithNotify(ProfileEditorInput.ofFile(target));
            setPartName(target.getFileName().toString());
        }
    }

    private boolean saveTo(Path target) {
        try {
            ProfileFormat.write(target, profile);
            saved = profile;
            statusNote = "Saved to " + target + " at " + LocalTime.now().format(TIME) + ".";
            updateProblems();
            firePropertyChange(PROP_DIRTY);
            return true;
        } catch (IOException e) {
            setMessage("Not saved: " + e.getMessage(), true);
            return false;
        }
    }

    /** Replaces the profile with a file's (one undo step); a file that cannot be read changes nothing. */
    public boolean importFrom(Path source) {
        try {
            PriorityProfile imported = ProfileFormat.parse(Files.readString(source, StandardCharsets.UTF_8)).profile();
            change("Import " + source.getFileName(), imported, null);
            statusNote = "Imported " + source + ".";
            updateProblems();
            return true;
        } catch (ProfileException | IOException e) {
            setMessage("Not imported: " + source + ": " + e.getMessage(), true);
            return false;
        }
    }

    /** Writes the profile to another file; the editor stays on its own file. */
    public boolean exportTo(Path target) {
        try {
            ProfileFormat.write(target, profile);
            statusNote = "Exported to " + target + ".";
            updateProblems();
            return true;
        } catch (IOException e) {
            setMessage("Not exported: " + e.getMessage(), true);
            return false;
        }
    }

    private void importWithDialog() {
        Path source = chooseFile(SWT.OPEN, "Import Profile");
        if (source != null) {
            importFrom(source);
        }
    }

    private void exportWithDialog() {
        Path target = chooseFile(SWT.SAVE, "Export Profile");
        if (target != null) {
            exportTo(target);
        }
    }

    private Path chooseFile(int style, String title) {
        FileDialog dialog = new FileDialog(getSite().getShell(), style);
        dialog.setText(title);
        dialog.setFilterExtensions(new String[] { "*." + ProfileFormat.EXTENSION, "*" });
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        return chosen == null ? null : Path.of(chosen);
    }

    /**
     * Sends with this profile from the next cycle on (the agent keeps it for its next start); refused with the
     * problems while there are any. The agent's file and network work runs off the UI thread.
     */
    public void applyToAgent() {
        CompiledProfile compiled;
        try {
            compiled = profile.compile();
        } catch (ProfileException e) {
            MessageDialog.openError(getSite().getShell(), "Profile not applied", "Fix the problems first: " + e.getMessage());
            return;
        }
        AgentControl control = AgentControlTracker.current().orElse(null);
        if (control == null) {
            setMessage("Not applied: no agent is running in this workbench.", true);
            return;
        }
        setMessage("Applying …", false);
        PriorityProfile applying = profile;
        Thread worker = new Thread(() -> {
            String result;
            boolean failed = false;
            try {
                control.applyProfile(compiled);
                result = "Applied '" + applying.name() + "' to the agent at " + LocalTime.now().format(TIME) + ".";
            } catch (Exception e) {
                result = "Not applied: " + e.getMessage();
                failed = true;
            }
            String message = result;
            boolean error = failed;
            messageLine.getDisplay().asyncExec(() -> {
                if (!messageLine.isDisposed()) {
                    statusNote = error ? "" : message;
                    setMessage(message, error);
                    preview.refreshNow();
                }
            });
        }, "uplink-apply-profile");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void setFocus() {
        if (form != null) {
            form.setFocus();
        } else {
            messageLine.setFocus();
        }
    }

    @Override
    public void dispose() {
        history().dispose(undoContext, true, true, true);
        if (preview != null) {
            preview.close();
        }
        super.dispose();
    }

    /** For the problems list of tests and messages: the current problems. */
    public List<ProfileProblem> problems() {
        return new ArrayList<>(profile.problems());
    }
}
