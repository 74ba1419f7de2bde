package io.millwright.simulator.modbus;

/**
 * The four Modbus data tables, each with the address prefix a machine definition uses ({@code
 * holding:0}).
 */
public enum RegisterTable {
  COIL("coil", true),
  DISCRETE_INPUT("discrete", true),
  INPUT_REGISTER("input", false),
  HOLDING_REGISTER("holding", false);

  private final String prefix;
  private final boolean bits;

  RegisterTable(String prefix, boolean bits) {
    this.prefix = prefix;
    this.bits = bits;
  }

  /** The address prefix in machine definitions: {@code coil}, {@code discrete}, ... */
  public String prefix() {
    return prefix;
  }

  /** Whether the table holds single bits (coils, discrete inputs) rather than 16-bit registers. */
  public boolean isBits() {
    return bits;
  }
}
