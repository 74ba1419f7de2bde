package io.millwright.operator.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.List;

/**
 * One item of a machine's {@code alarms} (the app's AlarmReader; docs/kubernetes.md, "Alarms"), key
 * for key the machines file's: one kind of alarm per item (limits, is, state, rateOfChange, stale,
 * commsLost or anomaly) with the common fields. Lists are always lists here (the file also takes
 * one value for is, state, suppressIn and anomaly.inputs). Checked by {@link MachineValidation}
 * through the core's {@code AlarmDefinition}; the Site's alarm patterns extend it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AlarmSpec {

  @JsonPropertyDescription(
      "The alarm's name on its machine; default from the tag (spindle/temp gives spindle-temp) or"
          + " the kind (comms-lost, state, anomaly).")
  public String name;

  @JsonPropertyDescription(
      "The tag the condition reads (limits, is, rateOfChange, stale, anomaly ewma/seasonal).")
  public String tag;

  @JsonPropertyDescription("High-high limit: raised one priority above priority.")
  public Double highHigh;

  @JsonPropertyDescription("High limit.")
  public Double high;

  @JsonPropertyDescription("Low limit.")
  public Double low;

  @JsonPropertyDescription("Low-low limit: raised one priority above priority.")
  public Double lowLow;

  // Any scalar, as in the state model's is: 530, true and "E-STOP" are all values a tag may hold.
  @JsonPropertyDescription(
      "Digital alarm: the tag equals one of these values (number, bool, text).")
  public List<AnyType> is;

  @JsonPropertyDescription("State alarm: the machine is in one of these states, e.g. [fault].")
  public List<String> state;

  @JsonPropertyDescription("Rate-of-change alarm: change per minute above this.")
  public Double rateOfChange;

  @JsonPropertyDescription("rateOfChange: the window the rate is measured over. Default 1m.")
  public String window;

  @JsonPropertyDescription("Stale alarm: no new value for this long, e.g. 5m.")
  public String stale;

  @JsonPropertyDescription("Lost-communication alarm: write true.")
  public Boolean commsLost;

  public Anomaly anomaly;

  @JsonPropertyDescription("How far a value must come back inside a limit before it clears.")
  public Double deadband;

  @JsonPropertyDescription("How long the condition must hold before the alarm is raised: 5s.")
  public String onDelay;

  @JsonPropertyDescription("How long the condition must be gone before the alarm clears.")
  public String offDelay;

  @JsonPropertyDescription("low, medium (default), high or critical.")
  @Pattern("^(low|medium|high|critical)$")
  public String priority;

  @JsonPropertyDescription(
      "The operators' text: {value}, {unit}, {limit}, {machine}, ... and {tag/path} placeholders.")
  public String message;

  @JsonPropertyDescription("The area the alarm is routed to; the machine's by default.")
  public String area;

  @JsonPropertyDescription("Machine states in which the alarm is suppressed by design.")
  public List<String> suppressIn;

  /** An anomaly detector instead of a fixed limit. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Anomaly {
    @JsonPropertyDescription("ewma, seasonal or model.")
    @Pattern("^(ewma|seasonal|model)$")
    public String method;

    @JsonPropertyDescription("ewma: smoothing factor, default 0.01.")
    public Double alpha;

    @JsonPropertyDescription("ewma, seasonal: deviations that count as anomalous, default 4.")
    public Double z;

    @JsonPropertyDescription(
        "Samples (ewma, default 300) or periods (seasonal, default 3) to learn.")
    public Integer warmUp;

    @JsonPropertyDescription("seasonal: the period, default 1d.")
    public String period;

    @JsonPropertyDescription("seasonal: slots per period, default 96.")
    public Integer slots;

    @JsonPropertyDescription("model: the ONNX model file.")
    public String model;

    @JsonPropertyDescription("model: the input tags.")
    public List<String> inputs;

    @JsonPropertyDescription("model: steps per input window.")
    public Integer window;

    @JsonPropertyDescription("model: time between steps, e.g. 1s.")
    public String step;

    @JsonPropertyDescription("model: the score above which it alarms.")
    public Double threshold;
  }
}
