package io.millwright.operator.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.List;
import java.util.Map;

/**
 * The {@code states} section of a machine definition (docs/oee.md, "The state model of a machine"):
 * how the tags become the machine's state, stop reasons and part counts for the {@code oee} role.
 * Key for key the machines file's; durations are text as elsewhere in a Machine. Checked by {@link
 * MachineValidation} through the core's {@code StateModel}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StatesSpec {

  @JsonPropertyDescription(
      "Tried in order before stateTag; the first whose conditions all hold decides the state.")
  public List<RuleSpec> rules;

  @JsonPropertyDescription(
      "A tag whose value names the state (producing, idle, ...), or a raw value mapped through"
          + " stateValues.")
  public String stateTag;

  @JsonPropertyDescription(
      "Raw value of stateTag (as text) to state, e.g. {\"1\": producing, \"3\": fault}.")
  public Map<String, String> stateValues;

  @JsonPropertyDescription("A tag holding the stop reason code, 0 for none.")
  public String reasonTag;

  @JsonPropertyDescription(
      "Which of the Site's reason tables (spec.oee.reasons) the codes come from. Default"
          + " standard.")
  public String reasonTable;

  @JsonPropertyDescription("A counter of all parts made (good and scrap).")
  public String totalTag;

  @JsonPropertyDescription("A counter of good parts.")
  public String goodTag;

  @JsonPropertyDescription("A counter of scrap parts; two of the three counters give the third.")
  public String scrapTag;

  @JsonPropertyDescription("A tag naming the product being made, to pick its ideal cycle.")
  public String productTag;

  @JsonPropertyDescription(
      "The fastest cycle the machine is rated for, per part: 2s, 1500ms, 90s, ... Needed with"
          + " counters.")
  public String idealCycle;

  @JsonPropertyDescription("Ideal cycle per product (productTag's value), where it differs.")
  public Map<String, String> idealCycles;

  @JsonPropertyDescription(
      "Stops shorter than this are micro-stops (a speed loss, not downtime). Default 30s.")
  public String microStop;

  /** The machine is in {@code state} when every condition holds; none means always. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RuleSpec {

    @JsonPropertyDescription(
        "producing, idle, setup, planned-stop, fault, ... (not unknown: that is a machine"
            + " without data).")
    @Required
    @Pattern("^[a-z][a-z-]*$")
    public String state;

    @JsonPropertyDescription(
        "The conditions, all of which must hold (a list; the machines file also takes one map);"
            + " none for the fallback at the end.")
    public List<ConditionSpec> when;
  }

  /** One test on one tag: exactly one of is, not, above, below and changedWithin. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ConditionSpec {

    @JsonPropertyDescription("The tag tested, one of the machine's tags.")
    @Required
    public String tag;

    // Any scalar: a machine's values are numbers, booleans or text (is: 0, is: false, is: setup),
    // and a string-only schema would make kubectl refuse the unquoted forms the machines file
    // takes.
    @JsonPropertyDescription("Equal to this value (a number, true/false or text).")
    public AnyType is;

    @JsonPropertyDescription("Different from this value (a number, true/false or text).")
    public AnyType not;

    @JsonPropertyDescription("Above this number.")
    public Double above;

    @JsonPropertyDescription("Below this number.")
    public Double below;

    @JsonPropertyDescription("The tag's value changed within this time, e.g. 60s.")
    public String changedWithin;
  }
}
