package io.millwright.historian.retention;

import io.millwright.historian.store.TagFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long raw samples are kept, per tag pattern ({@code historian.retention}): rules such as
 * {@code acme/+/+/+/vibration/#=7d, #=90d}.
 *
 * <p><b>The most specific rule wins</b>, whatever the order the rules are written in: of the rules
 * matching a tag, the one whose pattern every other matching pattern covers. So that this is never
 * ambiguous, two rules whose patterns overlap must be nested (one covers the other), or a third
 * rule must be for exactly the tags both match: {@code acme/+/+/+/+/vibration/#} and {@code
 * acme/plant-1/pressing/#} together need {@code acme/plant-1/pressing/+/+/vibration/#}. The same
 * pattern twice is refused too. Order-independent rules read the same from a YAML list and from an
 * environment variable. A tag no rule matches keeps the default age ({@link #DEFAULT_AGE}), as if
 * {@code #=90d} had been written.
 */
public final class RawRetention {

  /** Raw samples of an edge box: three months, then the rollups carry the history on. */
  public static final Age DEFAULT_AGE = new Age(90 * Age.DAY);

  /**
   * The least raw age: rollups are computed from raw samples, and samples backfilled after an
   * outage of up to a day must still find their neighbours in the raw table.
   */
  public static final Age MINIMUM_AGE = new Age(Age.DAY);

  public static final RawRetention DEFAULT =
      new RawRetention(List.of(new RetentionRule("#", DEFAULT_AGE)));

  private final List<RetentionRule> rules;
  private final Map<RetentionRule, TagFilter> filters = new LinkedHashMap<>();

  private RawRetention(List<RetentionRule> rules) {
    this.rules = List.copyOf(rules);
    rules.forEach(r -> filters.put(r, TagFilter.parse(r.pattern())));
  }

  /**
   * Parses comma-separated {@code pattern=age} rules.
   *
   * @throws IllegalArgumentException naming the rule that is wrong and why
   */
  public static RawRetention parse(String text) {
    List<RetentionRule> rules = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        rules.add(rule(item.strip()));
      }
    }
    if (rules.isEmpty()) {
      throw new IllegalArgumentException(
          "has no rule; write pattern=age rules such as acme/+/+/+/vibration/#=7d, #=90d");
    }
    return of(rules);
  }

  /**
   * @throws IllegalArgumentException for a rule shorter than {@link #MINIMUM_AGE}, the same pattern
   *     twice, or two patterns overlapping in part
   */
  public static RawRetention of(List<RetentionRule> rules) {
    for (RetentionRule rule : rules) {
      if (rule.age().compareTo(MINIMUM_AGE) < 0) {
        throw new IllegalArgumentException(
            "rule "
                + rule
                + " keeps raw samples less than "
                + MINIMUM_AGE
                + "; rollups and late samples need at least that");
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      for (int j = i + 1; j < rules.size(); j++) {
        check(rules.get(i), rules.get(j), rules);
      }
    }
    List<RetentionRule> all = new ArrayList<>(rules);
    if (rules.stream().noneMatch(r -> r.pattern().equals("#"))) {
      all.add(new RetentionRule("#", DEFAULT_AGE));
    }
    return new RawRetention(all);
  }

  private static RetentionRule rule(String item) {
    int eq = item.lastIndexOf('=');
    if (eq <= 0 || eq == item.length() - 1) {
      throw new IllegalArgumentException(
          "rule \"" + item + "\" is not pattern=age, e.g. acme/+/+/+/vibration/#=7d");
    }
    String pattern = item.substring(0, eq).strip();
    Age age = Age.parse(item.substring(eq + 1));
    try {
      return new RetentionRule(pattern, age);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("rule \"" + item + "\": " + e.getMessage(), e);
    }
  }

  private static void check(RetentionRule a, RetentionRule b, List<RetentionRule> rules) {
    boolean aCoversB = TagPatterns.covers(a.pattern(), b.pattern());
    boolean bCoversA = TagPatterns.covers(b.pattern(), a.pattern());
    if (aCoversB && bCoversA) {
      throw new IllegalArgumentException(
          "rules " + a + " and " + b + " are for the same tags; keep one");
    }
    if (aCoversB || bCoversA || !TagPatterns.overlap(a.pattern(), b.pattern())) {
      return;
    }
    // Partly overlapping rules are fine when a rule of its own says what the tags both match get.
    String both = TagPatterns.meet(a.pattern(), b.pattern());
    boolean decided =
        rules.stream()
            .anyMatch(
                r ->
                    TagPatterns.covers(r.pattern(), both) && TagPatterns.covers(both, r.pattern()));
    if (!decided) {
      throw new IllegalArgumentException(
          "rules "
              + a
              + " and "
              + b
              + " overlap in part, so neither is the more specific for the tags both match;"
              + " add a rule "
              + both
              + "=<age> for those tags, or narrow one pattern");
    }
  }

  /** The rule for the tag: the most specific of those matching it. */
  public RetentionRule ruleFor(String tag) {
    List<RetentionRule> matching = rules.stream().filter(r -> filters.get(r).matches(tag)).toList();
    // Checked when parsed: of two matching rules one covers the other or a matching rule for
    // their meet exists, so the narrowest matching rule is covered by all the others.
    return matching.stream()
        .filter(r -> matching.stream().allMatch(o -> TagPatterns.covers(o.pattern(), r.pattern())))
        .findFirst()
        .orElseThrow();
  }

  /** Every rule, including the catch-all {@code #}. */
  public List<RetentionRule> rules() {
    return rules;
  }

  /** The longest age of any rule. */
  public Age longest() {
    return rules.stream().map(RetentionRule::age).max(Comparator.naturalOrder()).orElseThrow();
  }

  @Override
  public String toString() {
    return String.join(", ", rules.stream().map(RetentionRule::toString).toList());
  }
}
