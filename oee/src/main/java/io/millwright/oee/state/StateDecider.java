package io.millwright.oee.state;

import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.StateRule;
import io.millwright.core.sample.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides a machine's state from the latest values of its tags by the machine's state model: the
 * rules first, in order, then the state tag. A {@code changedWithin} condition depends on time as
 * well as on values, so {@link #deadline} says when the decision may change without a new sample.
 * Not thread-safe: one tracker owns it.
 */
final class StateDecider {

  private final StateModel model;
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, Long> changedAt = new HashMap<>();
  // Only tags that a changedWithin condition watches need their change times kept.
  private final Set<String> watched = new HashSet<>();

  // stateValues keys that are numbers, so a Float64 1.0 finds the key "1".
  private final Map<Double, MachineState> numericValues = new HashMap<>();

  StateDecider(StateModel model) {
    this.model = model;
    model
        .stateValues()
        .forEach(
            (raw, state) -> {
              try {
                numericValues.putIfAbsent(Double.parseDouble(raw), state);
              } catch (NumberFormatException e) {
                // a text key: matched as text
              }
            });
    for (StateRule rule : model.rules()) {
      for (StateCondition c : rule.when()) {
        if (c.test() == StateCondition.Test.CHANGED_WITHIN) {
          watched.add(c.tag());
        }
      }
    }
  }

  /** Records a good value, and when it changed if a rule watches the tag move. */
  void update(String tag, Value value, long at) {
    Value before = values.put(tag, value);
    if (before != null && !before.equals(value) && watched.contains(tag)) {
      changedAt.put(tag, at);
    }
  }

  /** Forgets every value: after a gap in the data nothing known before still holds. */
  void clear() {
    values.clear();
    changedAt.clear();
  }

  /** Forgets one tag's value: it went Bad. */
  void clear(String tag) {
    values.remove(tag);
    changedAt.remove(tag);
  }

  Value value(String tag) {
    return values.get(tag);
  }

  /**
   * The state at {@code now}, or {@link MachineState#UNKNOWN} while a tag the decision needs has no
   * value yet.
   */
  MachineState decide(long now) {
    for (StateRule rule : model.rules()) {
      Boolean holds = holds(rule.when(), now);
      if (holds == null) {
        return MachineState.UNKNOWN;
      }
      if (holds) {
        return rule.state();
      }
    }
    if (model.stateTag().isEmpty()) {
      return MachineState.UNKNOWN;
    }
    Value raw = values.get(model.stateTag().get());
    if (raw == null) {
      return MachineState.UNKNOWN;
    }
    String text = raw.toString();
    if (!model.stateValues().isEmpty()) {
      return mapped(raw);
    }
    try {
      return MachineState.parse(text);
    } catch (IllegalArgumentException e) {
      return MachineState.UNKNOWN;
    }
  }

  /** Whether the raw state value is one the model cannot map (counted, shown as unknown). */
  boolean unmappedStateValue() {
    if (model.stateTag().isEmpty()) {
      return false;
    }
    Value raw = values.get(model.stateTag().get());
    if (raw == null) {
      return false;
    }
    if (!model.stateValues().isEmpty()) {
      return mapped(raw) == MachineState.UNKNOWN;
    }
    try {
      MachineState.parse(raw.toString());
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private MachineState mapped(Value raw) {
    MachineState s = model.stateValues().get(raw.toString());
    if (s == null && !(raw instanceof Value.Text)) {
      s = numericValues.get(raw.asDouble());
    }
    return s == null ? MachineState.UNKNOWN : s;
  }

  /** All conditions hold: true; one fails: false; a value is missing: null. */
  private Boolean holds(List<StateCondition> when, long now) {
    for (StateCondition c : when) {
      if (c.test() == StateCondition.Test.CHANGED_WITHIN) {
        Long at = changedAt.get(c.tag());
        if (at == null) {
          if (!values.containsKey(c.tag())) {
            return null;
          }
          return false; // seen, never moved since the data began
        }
        if (now - at >= c.window().toMillis()) {
          return false;
        }
      } else {
        Value v = values.get(c.tag());
        if (v == null) {
          return null;
        }
        if (!c.matches(v)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The earliest time after {@code now} at which a {@code changedWithin} condition stops holding,
   * or {@link Long#MAX_VALUE}.
   */
  long deadline(long now) {
    if (watched.isEmpty()) {
      return Long.MAX_VALUE;
    }
    long next = Long.MAX_VALUE;
    for (StateRule rule : model.rules()) {
      for (StateCondition c : rule.when()) {
        if (c.test() == StateCondition.Test.CHANGED_WITHIN) {
          Long at = changedAt.get(c.tag());
          if (at != null) {
            long expires = at + c.window().toMillis();
            if (expires > now && expires < next) {
              next = expires;
            }
          }
        }
      }
    }
    return next;
  }
}
