package io.uplink.ui.profile;

import java.nio.file.Path;
import java.util.Objects;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IPersistableElement;

import io.uplink.profile.PriorityProfile;

/** A profile file, or a new profile not saved yet ({@code file == null}, saved with Save As). */
public final class ProfileEditorInput implements IEditorInput {
    private final Path file;
    private final PriorityProfile initial;

    private ProfileEditorInput(Path file, PriorityProfile initial) {
        this.file = file;
        this.initial = initial;
    }

    public static ProfileEditorInput ofFile(Path file) {
        return new ProfileEditorInput(file.toAbsolutePath().normalize(), null);
    }

    public static ProfileEditorInput untitled(PriorityProfile profile) {
        return new ProfileEditorInput(null, profile);
    }

    /** The file, or null for a new profile. */
    public Path file() {
        return file;
    }

    /** The content of a new profile; null for a file. */
    PriorityProfile initial() {
        return initial;
    }

    @Override
    public boolean exists() {
        return file != null;
    }

    @Override
    public ImageDescriptor getImageDescriptor() {
        return ImageDescriptor.getMissingImageDescriptor();
    }

    @Override
    public String getName() {
        return file != null ? file.getFileName().toString() : initial.name().isEmpty() ? "New profile" : initial.name();
    }

    @Override
    public IPersistableElement getPersistable() {
        return null;
    }

    @Override
    public String getToolTipText() {
        return file != null ? file.toString() : "not saved yet";
    }

    @Override
    public <T> T getAdapter(Class<T> adapter) {
        return null;
    }

    @Override
    public boolean equals(Object other) {
        // two new profiles are two editors; the same file is one
        return other instanceof ProfileEditorInput that && (file != null ? file.equals(that.file) : this == that);
    }

    @Override
    public int hashCode() {
        return file != null ? file.hashCode() : System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ProfileEditorInput[" + Objects.toString(file, "untitled") + "]";
    }
}
