package io.millwright.core.machine;

import io.millwright.core.sample.Value;
import io.millwright.core.time.Durations;
import java.time.Duration;

/**
 * One test of a state rule on one tag: equal to, different from, above or below a value, or changed
 * within a time (a cycle counter that moves).
 *
 * @param operand the value compared with, as written; for {@link Test#CHANGED_WITHIN} a duration
 */
public record StateCondition(String tag, Test test, String operand) {

  /** What the condition checks, with the key it is written with in the machine definition. */
  public enum Test {
    IS("is"),
    NOT("not"),
    ABOVE("above"),
    BELOW("below"),
    CHANGED_WITHIN("changedWithin");

    private final String key;

    Test(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  public StateCondition {
    if (tag == null || tag.isBlank()) {
      throw new DefinitionException("tag", "is missing");
    }
    if (test == null) {
      throw new DefinitionException("tag", "needs one of is, not, above, below, changedWithin");
    }
    if (operand == null || operand.isBlank()) {
      throw new DefinitionException(test.key, "is missing a value");
    }
    switch (test) {
      case ABOVE, BELOW -> number(operand, test.key);
      case CHANGED_WITHIN -> window(operand);
      default -> {}
    }
  }

  /** The window of {@link Test#CHANGED_WITHIN}. */
  public Duration window() {
    return window(operand);
  }

  /**
   * Whether a value meets an {@code is}, {@code not}, {@code above} or {@code below} test. Numbers
   * compare as numbers (so {@code is: 0} matches 0.0), booleans as {@code true}/{@code false} or
   * 1/0, text as written.
   */
  public boolean matches(Value value) {
    return switch (test) {
      case IS -> equal(value);
      case NOT -> !equal(value);
      case ABOVE -> value.asDouble() > number(operand, "above");
      case BELOW -> value.asDouble() < number(operand, "below");
      case CHANGED_WITHIN ->
          throw new IllegalStateException("changedWithin is decided from the tag's history");
    };
  }

  private boolean equal(Value value) {
    return switch (value) {
      case Value.Text t -> t.value().equals(operand);
      case Value.Bool b ->
          operand.equals(Boolean.toString(b.value())) || operand.equals(b.value() ? "1" : "0");
      default -> {
        try {
          yield value.asDouble() == Double.parseDouble(operand);
        } catch (NumberFormatException e) {
          yield false;
        }
      }
    };
  }

  private static double number(String text, String key) {
    try {
      double d = Double.parseDouble(text);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new DefinitionException(key, "must be a number, not \"" + text + "\"");
  }

  private static Duration window(String text) {
    try {
      Duration d = Durations.parse(text);
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      throw new DefinitionException("changedWithin", e.getMessage());
    }
    throw new DefinitionException("changedWithin", "must be longer than 0");
  }
}
