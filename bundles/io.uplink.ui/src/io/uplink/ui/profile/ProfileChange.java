package io.uplink.ui.profile;

import java.util.function.Consumer;

import org.eclipse.core.commands.operations.AbstractOperation;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import io.uplink.profile.PriorityProfile;

/**
 * One undoable edit of a profile in the workbench's operation history: the profile before and after (profiles are
 * immutable, so the two snapshots are the whole memento). Typing into one field extends the last change of that
 * field ({@link #coalesceKey()}) instead of adding one per keystroke.
 */
final class ProfileChange extends AbstractOperation {
    private final PriorityProfile before;
    private PriorityProfile after;
    private final String coalesceKey;
    private final Consumer<PriorityProfile> target;

    ProfileChange(String label, PriorityProfile before, PriorityProfile after, String coalesceKey,
            Consumer<PriorityProfile> target) {
        super(label);
        this.before = before;
        this.after = after;
        this.coalesceKey = coalesceKey;
        this.target = target;
    }

    String coalesceKey() {
        return coalesceKey;
    }

    PriorityProfile after() {
        return after;
    }

    void extendTo(PriorityProfile newAfter) {
        this.after = newAfter;
        target.accept(newAfter);
    }

    @Override
    public IStatus execute(IProgressMonitor monitor, IAdaptable info) {
        target.accept(after);
        return Status.OK_STATUS;
    }

    @Override
    public IStatus redo(IProgressMonitor monitor, IAdaptable info) {
        return execute(monitor, info);
    }

    @Override
    public IStatus undo(IProgressMonitor monitor, IAdaptable info) {
        target.accept(before);
        return Status.OK_STATUS;
    }
}
