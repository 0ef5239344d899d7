package io.uplink.profile;

import java.util.Optional;
import java.util.regex.Pattern;

import io.uplink.core.ChannelAddress;

/**
 * A glob over a channel address {@code <component>/<channel>}: {@code *} stands for any run of characters and
 * {@code ?} for one character, neither crossing the {@code /}; everything else matches itself, case-sensitively
 * as OpenEMS ids are. Examples: {@code ess*}{@code /Soc}, {@code _sum/*}, {@code meter?/Voltage*}.
 */
public final class ChannelPattern {
    private static final String UNSUPPORTED = "[]{}\\#=";

    private final String text;
    private final Pattern regex;

    private ChannelPattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    /**
     * @throws IllegalArgumentException with {@link #problem(String)}'s text
     */
    public static ChannelPattern compile(String text) {
        Optional<String> problem = problem(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new ChannelPattern(text, Pattern.compile(regex.toString()));
    }

    /** What is wrong with the pattern text, in words naming it; empty when it is valid. */
    public static Optional<String> problem(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("the pattern is empty; expected <component>/<channel>, e.g. ess*/Soc");
        }
        for (char c : text.toCharArray()) {
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return Optional.of("pattern '" + text + "' contains whitespace");
            }
            if (UNSUPPORTED.indexOf(c) >= 0) {
                return Optional.of("pattern '" + text + "' contains '" + c + "'; patterns know only * and ?");
            }
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.of("pattern '" + text + "' has no '/'; expected <component>/<channel>, e.g. "
                    + text + "/* or */" + text);
        }
        if (text.indexOf('/', slash + 1) >= 0) {
            return Optional.of("pattern '" + text + "' has more than one '/'");
        }
        if (slash == 0 || slash == text.length() - 1) {
            return Optional.of("pattern '" + text + "' has an empty " + (slash == 0 ? "component" : "channel")
                    + " part; use * to match any");
        }
        return Optional.empty();
    }

    public boolean matches(ChannelAddress address) {
        return this.regex.matcher(address.toString()).matches();
    }

    public String text() {
        return this.text;
    }

    @Override
    public String toString() {
        return this.text;
    }
}
