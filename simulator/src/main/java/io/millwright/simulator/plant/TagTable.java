package io.millwright.simulator.plant;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.TagSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The served values of one machine. Tags are indexed by name once; values live in primitive arrays,
 * and the {@link Value} handed to a reader is made on the first read after a change and then
 * reused, so a protocol server polling thousands of times a second allocates nothing. Not
 * thread-safe: the owning machine guards it.
 */
final class TagTable {

  /** Longest string a Modbus machine holds: the register map gives a string 8 registers. */
  static final int MODBUS_TEXT_LIMIT = 16;

  /**
   * Longest string an OPC UA, S7, SQL or file machine accepts: room for ERP order numbers, still
   * bounded (an S7 machine keeps it in a STRING of that length).
   */
  static final int OPCUA_TEXT_LIMIT = 32;

  /** Who owns a tag's value, which decides what clients and anomaly injection may do to it. */
  enum Role {
    /** A process value the model computes; drift may be injected. */
    PROCESS,
    /** Counters and state; they follow the state machine and the ground truth, never drift. */
    STATUS,
    /** Written by operators or the jobs role. */
    WRITABLE
  }

  private final List<TagSpec> specs;
  private final Map<String, Integer> index;
  private final Role[] roles;
  private final Value.Kind[] kinds;
  private final boolean[] float32;
  private final double[] min;
  private final double[] max;
  private final int textLimit;
  private final boolean asciiOnly;

  private final double[] doubles;
  private final long[] longs;
  private final Value[] served;

  private final double[] driftPerStep;
  private final double[] driftOffset;
  private int[] drifting = new int[0];

  private TagTable(Builder b) {
    int n = b.specs.size();
    specs = List.copyOf(b.specs);
    index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      index.put(specs.get(i).name(), i);
    }
    roles = b.roles.toArray(Role[]::new);
    kinds = new Value.Kind[n];
    float32 = new boolean[n];
    for (int i = 0; i < n; i++) {
      kinds[i] = specs.get(i).type().kind();
      float32[i] = specs.get(i).type() == DataType.FLOAT32;
    }
    min = b.min.stream().mapToDouble(Double::doubleValue).toArray();
    max = b.max.stream().mapToDouble(Double::doubleValue).toArray();
    textLimit = b.protocol == Protocol.MODBUS ? MODBUS_TEXT_LIMIT : OPCUA_TEXT_LIMIT;
    // Modbus registers and S7 strings hold single-byte characters.
    asciiOnly = b.protocol == Protocol.MODBUS || b.protocol == Protocol.S7;
    doubles = new double[n];
    longs = new long[n];
    served = new Value[n];
    driftPerStep = new double[n];
    driftOffset = new double[n];
    for (int i = 0; i < n; i++) {
      double initial = b.initial.get(i);
      switch (kinds[i]) {
        case DOUBLE -> doubles[i] = round(i, initial);
        case LONG, BOOLEAN -> longs[i] = (long) initial;
        case STRING -> served[i] = Value.of(b.initialText.get(i));
      }
    }
  }

  static Builder builder(Protocol protocol) {
    return new Builder(protocol);
  }

  List<TagSpec> specs() {
    return specs;
  }

  int size() {
    return specs.size();
  }

  int textLimit() {
    return textLimit;
  }

  /**
   * @throws IllegalArgumentException naming the machine and the tag
   */
  int indexOf(String tag, String machineId) {
    Integer i = tag == null ? null : index.get(tag);
    if (i == null) {
      throw new IllegalArgumentException("machine " + machineId + " has no tag \"" + tag + "\"");
    }
    return i;
  }

  Value read(int i) {
    Value v = served[i];
    if (v == null) {
      v =
          switch (kinds[i]) {
            case DOUBLE -> Value.of(doubles[i]);
            case LONG -> Value.of(longs[i]);
            case BOOLEAN -> Value.of(longs[i] != 0);
            case STRING -> throw new IllegalStateException("text tags always hold a value");
          };
      served[i] = v;
    }
    return v;
  }

  double getDouble(int i) {
    return doubles[i];
  }

  long getLong(int i) {
    return longs[i];
  }

  String getText(int i) {
    return ((Value.Text) served[i]).value();
  }

  /** Sets a model value; injected drift is added on top, as a sensor fault would. */
  void setDouble(int i, double modelValue) {
    double v = round(i, modelValue + driftOffset[i]);
    if (Double.doubleToLongBits(v) != Double.doubleToLongBits(doubles[i])) {
      doubles[i] = v;
      served[i] = null;
    }
  }

  void setLong(int i, long modelValue) {
    long v = modelValue + Math.round(driftOffset[i]);
    if (v != longs[i]) {
      longs[i] = v;
      served[i] = null;
    }
  }

  void setBool(int i, boolean value) {
    setLong(i, value ? 1 : 0);
  }

  void setText(int i, String value) {
    if (!getText(i).equals(value)) {
      served[i] = Value.of(value);
    }
  }

  /**
   * Checks a client's write and stores it.
   *
   * @throws IllegalArgumentException saying what is wrong with which tag
   */
  void write(int i, Value value, String machineId) {
    TagSpec spec = specs.get(i);
    String what = "tag \"" + spec.name() + "\" of machine " + machineId;
    if (!spec.writable()) {
      throw new IllegalArgumentException(what + " is read-only");
    }
    if (value == null) {
      throw new IllegalArgumentException(what + " cannot be written with no value");
    }
    if (value.kind() != kinds[i]) {
      throw new IllegalArgumentException(
          what
              + " takes a "
              + kinds[i]
              + " value ("
              + spec.type().configName()
              + "), not "
              + value.kind());
    }
    switch (value) {
      case Value.Text t -> {
        String s = t.value();
        if (s.length() > textLimit) {
          throw new IllegalArgumentException(
              what + " holds at most " + textLimit + " characters, not " + s.length());
        }
        if (asciiOnly && !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
          throw new IllegalArgumentException(
              what + " holds printable ASCII only (two characters per Modbus register)");
        }
        served[i] = t;
      }
      case Value.Float64 f -> {
        checkRange(what, i, f.value());
        doubles[i] = round(i, f.value());
        served[i] = null;
      }
      case Value.Int64 l -> {
        checkRange(what, i, l.value());
        longs[i] = l.value();
        served[i] = null;
      }
      case Value.Bool b -> setBool(i, b.value());
    }
  }

  private void checkRange(String what, int i, double v) {
    if (!(v >= min[i] && v <= max[i])) {
      throw new IllegalArgumentException(
          what + " must be between " + format(min[i]) + " and " + format(max[i]) + ", not " + v);
    }
  }

  private static String format(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /**
   * Starts (or changes) an injected drift.
   *
   * @throws IllegalArgumentException when the tag is not a process value
   */
  void startDrift(int i, double perMinute, String machineId) {
    if (!specs.get(i).type().isNumeric()) {
      throw new IllegalArgumentException(
          "tag \""
              + specs.get(i).name()
              + "\" of machine "
              + machineId
              + " is not numeric; drift needs a number");
    }
    if (roles[i] != Role.PROCESS) {
      throw new IllegalArgumentException(
          "tag \""
              + specs.get(i).name()
              + "\" of machine "
              + machineId
              + " is not a process value; drift can be injected on process values only"
              + " (counters and state follow the state machine, setpoints belong to operators)");
    }
    if (!Double.isFinite(perMinute)) {
      throw new IllegalArgumentException("a drift rate must be a finite number, not " + perMinute);
    }
    driftPerStep[i] = perMinute * Plant.STEP_MILLIS / 60_000.0;
    if (Arrays.stream(drifting).noneMatch(d -> d == i)) {
      drifting = Arrays.copyOf(drifting, drifting.length + 1);
      drifting[drifting.length - 1] = i;
    }
  }

  /**
   * Moves every injected drift on by one step, also on tags the model updates only now and then.
   */
  void stepDrifts() {
    for (int i : drifting) {
      double before = driftOffset[i];
      driftOffset[i] += driftPerStep[i];
      if (kinds[i] == Value.Kind.DOUBLE) {
        doubles[i] = round(i, doubles[i] + driftPerStep[i]);
      } else {
        longs[i] += Math.round(driftOffset[i]) - Math.round(before);
      }
      served[i] = null;
    }
  }

  /** Takes every injected drift out again, as maintenance on the sensor or the machine would. */
  void resetDrifts() {
    for (int i : drifting) {
      if (kinds[i] == Value.Kind.DOUBLE) {
        doubles[i] = round(i, doubles[i] - driftOffset[i]);
      } else {
        longs[i] -= Math.round(driftOffset[i]);
      }
      driftOffset[i] = 0;
      driftPerStep[i] = 0;
      served[i] = null;
    }
    drifting = new int[0];
  }

  private double round(int i, double v) {
    // A float32 tag holds what the register pair can carry, so a Modbus read returns exactly this.
    return float32[i] ? (double) (float) v : v;
  }

  /** Declares a machine's tags in served order. */
  static final class Builder {
    private final Protocol protocol;
    private final List<TagSpec> specs = new ArrayList<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<Double> min = new ArrayList<>();
    private final List<Double> max = new ArrayList<>();
    private final List<Double> initial = new ArrayList<>();
    private final List<String> initialText = new ArrayList<>();

    private Builder(Protocol protocol) {
      this.protocol = protocol;
    }

    /** The floating point type this machine's protocol serves process values in. */
    DataType real() {
      // PLCs keep process values in 32-bit REALs; servers and databases in doubles.
      return protocol == Protocol.MODBUS || protocol == Protocol.S7
          ? DataType.FLOAT32
          : DataType.FLOAT64;
    }

    int process(String name, DataType type, String unit) {
      return add(new TagSpec(name, type, unit, false), Role.PROCESS, 0, 0, 0, "");
    }

    int status(String name, DataType type, String unit) {
      return add(new TagSpec(name, type, unit, false), Role.STATUS, 0, 0, 0, "");
    }

    int text(String name, String initialValue) {
      return add(new TagSpec(name, DataType.STRING, "", false), Role.STATUS, 0, 0, 0, initialValue);
    }

    int writableText(String name, String initialValue) {
      return add(
          new TagSpec(name, DataType.STRING, "", true), Role.WRITABLE, 0, 0, 0, initialValue);
    }

    /** A writable number, limited to what the plant accepts and the type can hold. */
    int setpoint(
        String name, DataType type, String unit, double lowest, double highest, double start) {
      return add(new TagSpec(name, type, unit, true), Role.WRITABLE, lowest, highest, start, "");
    }

    private int add(
        TagSpec spec, Role role, double lowest, double highest, double start, String text) {
      if (specs.stream().anyMatch(s -> s.name().equals(spec.name()))) {
        throw new IllegalStateException("tag " + spec.name() + " declared twice");
      }
      specs.add(spec);
      roles.add(role);
      min.add(lowest);
      max.add(highest);
      initial.add(start);
      initialText.add(text);
      return specs.size() - 1;
    }

    TagTable build() {
      return new TagTable(this);
    }
  }
}
