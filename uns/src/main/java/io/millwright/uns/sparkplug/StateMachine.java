package io.millwright.uns.sparkplug;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A lifecycle with its transitions written down as a table, so that a move the table does not list
 * is a bug that shows at once instead of a session quietly in a state nobody designed.
 */
public final class StateMachine<S extends Enum<S>> {

  private final String name;
  private final Map<S, Set<S>> allowed;
  private final BiConsumer<S, S> onChange;
  private volatile S state;

  private StateMachine(String name, S initial, Map<S, Set<S>> allowed, BiConsumer<S, S> onChange) {
    this.name = name;
    this.state = initial;
    this.allowed = allowed;
    this.onChange = onChange;
  }

  /** Starts a table; list every allowed move with {@link Table#allow}. */
  public static <S extends Enum<S>> Table<S> table(Class<S> type) {
    return new Table<>(type);
  }

  public S state() {
    return state;
  }

  public boolean is(S candidate) {
    return state == candidate;
  }

  /**
   * @throws IllegalStateException when the table has no move from the current state to {@code next}
   */
  public void moveTo(S next) {
    S from = state;
    if (from == next) {
      return;
    }
    if (!allowed.getOrDefault(from, Set.of()).contains(next)) {
      throw new IllegalStateException(name + " cannot go from " + from + " to " + next);
    }
    state = next;
    onChange.accept(from, next);
  }

  /** Whether the table allows moving to {@code next} from the current state. */
  public boolean canMoveTo(S next) {
    return state == next || allowed.getOrDefault(state, Set.of()).contains(next);
  }

  /** The transition table under construction. */
  public static final class Table<S extends Enum<S>> {
    private final Class<S> type;
    private final Map<S, Set<S>> allowed;

    private Table(Class<S> type) {
      this.type = type;
      this.allowed = new EnumMap<>(type);
    }

    @SafeVarargs
    public final Table<S> allow(S from, S... to) {
      Set<S> targets = allowed.computeIfAbsent(from, k -> EnumSet.noneOf(type));
      for (S s : to) {
        targets.add(s);
      }
      return this;
    }

    public StateMachine<S> start(String name, S initial, BiConsumer<S, S> onChange) {
      return new StateMachine<>(name, initial, new EnumMap<>(allowed), onChange);
    }
  }
}
