package io.uplink.profile;

import java.util.List;
import java.util.stream.Collectors;

/** A profile cannot be read or applied; the message names every problem with its line where known. */
public final class ProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ProfileProblem> problems;

    public ProfileException(List<ProfileProblem> problems) {
        this("", problems);
    }

    /** @param source the file name (or other origin) to put in front of the message, or "" */
    public ProfileException(String source, List<ProfileProblem> problems) {
        super((source.isEmpty() ? "" : source + ": ")
                + problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ProfileProblem> problems() {
        return this.problems;
    }
}
