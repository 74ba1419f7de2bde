package io.millwright.core.machine;

import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a machine's tags become its state, stop reasons and part counts: the {@code states} section
 * of a machine definition, the input of the {@code oee} role. Tag names are checked against the
 * machine's tags by {@link #checkTags}.
 *
 * @param rules tried in order before {@code stateTag}; the first whose conditions all hold decides
 * @param stateTag a tag whose value names the state itself ({@code producing}, or a raw value
 *     mapped through {@code stateValues})
 * @param stateValues raw value of {@code stateTag} (as text) to state; empty means the values are
 *     the states' names
 * @param reasonTag a tag holding the stop reason code, 0 for none
 * @param reasonTable which of the site's reason tables the codes come from
 * @param totalTag a counter of all parts made (good and scrap)
 * @param goodTag a counter of good parts
 * @param scrapTag a counter of scrap parts; two of the three counters give the third
 * @param productTag a tag naming the product being made, to pick its ideal cycle
 * @param idealCycle the fastest cycle the machine is rated for, per part
 * @param idealCycles per product, where it differs from {@code idealCycle}
 * @param microStop stops shorter than this are micro-stops: a speed loss, not downtime
 */
public record StateModel(
    List<StateRule> rules,
    Optional<String> stateTag,
    Map<String, MachineState> stateValues,
    Optional<String> reasonTag,
    String reasonTable,
    Optional<String> totalTag,
    Optional<String> goodTag,
    Optional<String> scrapTag,
    Optional<String> productTag,
    Duration idealCycle,
    Map<String, Duration> idealCycles,
    Duration microStop) {

  public static final String DEFAULT_REASON_TABLE = "standard";
  public static final Duration DEFAULT_MICRO_STOP = Duration.ofSeconds(30);

  public StateModel {
    rules = rules == null ? List.of() : List.copyOf(rules);
    stateTag = stateTag == null ? Optional.empty() : stateTag;
    stateValues =
        stateValues == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(stateValues));
    reasonTag = reasonTag == null ? Optional.empty() : reasonTag;
    reasonTable = reasonTable == null || reasonTable.isBlank() ? DEFAULT_REASON_TABLE : reasonTable;
    totalTag = totalTag == null ? Optional.empty() : totalTag;
    goodTag = goodTag == null ? Optional.empty() : goodTag;
    scrapTag = scrapTag == null ? Optional.empty() : scrapTag;
    productTag = productTag == null ? Optional.empty() : productTag;
    idealCycles =
        idealCycles == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(idealCycles));
    microStop = microStop == null ? DEFAULT_MICRO_STOP : microStop;
    if (rules.isEmpty() && stateTag.isEmpty()) {
      throw new DefinitionException(
          "states", "needs rules or a stateTag: nothing would decide the machine's state");
    }
    if (!stateValues.isEmpty() && stateTag.isEmpty()) {
      throw new DefinitionException(
          "states.stateValues", "maps the values of a stateTag; give one");
    }
    stateValues.forEach(
        (raw, state) -> {
          if (state == MachineState.UNKNOWN) {
            throw new DefinitionException(
                "states.stateValues." + raw, "unknown is what a machine is without data");
          }
        });
    int counters = (totalTag.isPresent() ? 1 : 0) + (goodTag.isPresent() ? 1 : 0);
    counters += scrapTag.isPresent() ? 1 : 0;
    if (counters == 1 && scrapTag.isPresent()) {
      throw new DefinitionException(
          "states.scrapTag", "scrap alone gives no part count; add totalTag or goodTag");
    }
    if (counters > 0 && idealCycle == null) {
      throw new DefinitionException(
          "states.idealCycle", "is missing: performance needs the ideal time per part");
    }
    if (idealCycle != null) {
      positive("states.idealCycle", idealCycle);
    }
    idealCycles.forEach((product, d) -> positive("states.idealCycles." + product, d));
    if (!idealCycles.isEmpty() && productTag.isEmpty()) {
      throw new DefinitionException(
          "states.idealCycles", "are per product: give the productTag that names the product");
    }
    if (microStop.isNegative()) {
      throw new DefinitionException("states.microStop", "must be 0 or more");
    }
  }

  private static void positive(String field, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new DefinitionException(field, "must be longer than 0, not " + Durations.format(d));
    }
  }

  /** Whether the machine counts parts, so performance and quality can be computed. */
  public boolean countsParts() {
    return totalTag.isPresent() || goodTag.isPresent();
  }

  /** The ideal cycle for a product, the machine's own when the product has none. */
  public Duration idealCycleFor(String product) {
    return product == null ? idealCycle : idealCycles.getOrDefault(product, idealCycle);
  }

  /**
   * Refuses a reference to a tag the machine does not have, naming the field.
   *
   * @throws DefinitionException naming the field and the tags there are
   */
  void checkTags(Set<String> tags) {
    for (int r = 0; r < rules.size(); r++) {
      List<StateCondition> when = rules.get(r).when();
      for (int c = 0; c < when.size(); c++) {
        known(tags, "states.rules[" + r + "].when[" + c + "].tag", Optional.of(when.get(c).tag()));
      }
    }
    known(tags, "states.stateTag", stateTag);
    known(tags, "states.reasonTag", reasonTag);
    known(tags, "states.totalTag", totalTag);
    known(tags, "states.goodTag", goodTag);
    known(tags, "states.scrapTag", scrapTag);
    known(tags, "states.productTag", productTag);
  }

  private static void known(Set<String> tags, String field, Optional<String> tag) {
    if (tag.isPresent() && !tags.contains(tag.get())) {
      throw new DefinitionException(
          field,
          "refers to the tag \""
              + tag.get()
              + "\", which the machine does not have"
              + (tags.isEmpty() ? "" : "; it has " + String.join(", ", tags)));
    }
  }
}
