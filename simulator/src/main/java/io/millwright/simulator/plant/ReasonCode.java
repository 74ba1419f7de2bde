package io.millwright.simulator.plant;

import io.millwright.core.machine.MachineState;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The plant's shared table of stop reasons, served as {@code state/reason}. Each code belongs to
 * exactly one state, so a state and its reason never contradict each other; producing has no reason
 * and serves 0.
 */
public enum ReasonCode {
  NO_ORDER(100, "no order", MachineState.IDLE),
  MATERIAL_SHORTAGE(110, "material shortage", MachineState.UNPLANNED_STOP, false),
  NO_OPERATOR(120, "no operator", MachineState.UNPLANNED_STOP, false),
  CHANGEOVER(200, "setup/changeover", MachineState.SETUP),
  TOOL_CHANGE(210, "tool change", MachineState.SETUP),
  QUALITY_CHECK(300, "quality check", MachineState.UNPLANNED_STOP),
  PLANNED_MAINTENANCE(400, "planned maintenance", MachineState.PLANNED_STOP),
  BREAK(410, "break", MachineState.PLANNED_STOP),
  MECHANICAL_FAULT(500, "mechanical fault", MachineState.FAULT),
  HYDRAULIC_FAULT(510, "hydraulic fault", MachineState.FAULT),
  ELECTRICAL_FAULT(520, "electrical fault", MachineState.FAULT),
  OVERHEATING(530, "overheating", MachineState.FAULT),
  UPSTREAM_STARVED(600, "upstream starved", MachineState.UNPLANNED_STOP),
  DOWNSTREAM_BLOCKED(610, "downstream blocked", MachineState.UNPLANNED_STOP);

  /** What {@code state/reason} serves while the machine produces. */
  public static final int NONE = 0;

  private final int code;
  private final String label;
  private final MachineState state;
  private final boolean machineKnows;

  ReasonCode(int code, String label, MachineState state) {
    this(code, label, state, true);
  }

  /**
   * @param machineKnows false for a reason the machine cannot sense: it stands waiting and serves
   *     no reason (0) until an operator classifies the stop; the ground truth still knows it
   */
  ReasonCode(int code, String label, MachineState state, boolean machineKnows) {
    this.code = code;
    this.label = label;
    this.state = state;
    this.machineKnows = machineKnows;
  }

  /** What the machine serves as {@code state/reason} while stopped for this reason. */
  public int served() {
    return machineKnows ? code : NONE;
  }

  public int code() {
    return code;
  }

  public String label() {
    return label;
  }

  /** The state a machine is in while stopped for this reason. */
  public MachineState state() {
    return state;
  }

  /**
   * @throws IllegalArgumentException naming the code and listing the known ones
   */
  public static ReasonCode of(int code) {
    for (ReasonCode r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown reason code " + code + "; the plant knows " + list(values()));
  }

  /**
   * A fault code, for fault injection.
   *
   * @throws IllegalArgumentException when the code is unknown or not a fault
   */
  public static ReasonCode fault(int code) {
    return inState(code, MachineState.FAULT, "a fault");
  }

  /**
   * An unplanned-stop code, for stop injection.
   *
   * @throws IllegalArgumentException when the code is unknown or not an unplanned stop
   */
  public static ReasonCode unplanned(int code) {
    return inState(code, MachineState.UNPLANNED_STOP, "an unplanned stop");
  }

  private static ReasonCode inState(int code, MachineState state, String kind) {
    ReasonCode r = of(code);
    if (r.state != state) {
      throw new IllegalArgumentException(
          "reason code "
              + code
              + " ("
              + r.label
              + ") is not "
              + kind
              + "; use one of "
              + list(
                  Arrays.stream(values())
                      .filter(c -> c.state == state)
                      .toArray(ReasonCode[]::new)));
    }
    return r;
  }

  private static String list(ReasonCode[] codes) {
    return Arrays.stream(codes).map(r -> r.code + " " + r.label).collect(Collectors.joining(", "));
  }
}
