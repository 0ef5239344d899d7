package io.uplink.testkit.swt;

/** What {@link UiBot#waitUntil(Condition, long)} waits for; shaped like SWTBot's {@code ICondition}. */
@FunctionalInterface
public interface Condition {

    /** Evaluated on the UI thread between event-loop turns. */
    boolean test() throws Exception;

    default String getFailureMessage() {
        return "the condition did not become true";
    }

    /** A condition with a message saying what was awaited. */
    static Condition that(String description, Condition condition) {
        return new Condition() {
            @Override
            public boolean test() throws Exception {
                return condition.test();
            }

            @Override
            public String getFailureMessage() {
                return description;
            }
        };
    }
}
