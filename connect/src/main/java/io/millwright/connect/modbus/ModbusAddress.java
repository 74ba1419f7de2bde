package io.millwright.connect.modbus;

import io.millwright.core.machine.DefinitionException;

/**
 * A parsed tag address: {@code coil:N}, {@code discrete:N}, {@code input:N}, {@code holding:N}, or
 * for strings {@code input:N:L} and {@code holding:N:L} with L registers. N is the zero-based
 * protocol address (0..65535), not the 1-based "40001" numbering of some manuals: that numbering
 * mixes table and offset and is off by one depending on the vendor.
 *
 * @param length registers of a string, 0 when the address has none
 */
record ModbusAddress(Table table, int offset, int length) {

  static final int MAX_OFFSET = 65_535;
  static final String FORMS =
      "coil:N, discrete:N, input:N, holding:N, or input:N:L / holding:N:L for a string of L"
          + " registers (N from 0 to 65535)";

  /**
   * @throws DefinitionException on field {@code address}, saying which forms are accepted
   */
  static ModbusAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid("is missing; write " + FORMS);
    }
    String[] parts = text.strip().split(":", -1);
    Table table = Table.byPrefix(parts[0]);
    if (table == null) {
      throw invalid("\"" + text + "\" does not start with a Modbus table; write " + FORMS);
    }
    if (parts.length < 2 || parts.length > 3) {
      throw invalid("\"" + text + "\" is not a Modbus address; write " + FORMS);
    }
    int offset = number(parts[1], text, "address");
    if (offset > MAX_OFFSET) {
      throw invalid("\"" + text + "\": the address " + offset + " is past 65535");
    }
    int length = 0;
    if (parts.length == 3) {
      if (table.holdsBits()) {
        throw invalid(
            "\"" + text + "\": a length applies only to strings in input or holding registers");
      }
      length = number(parts[2], text, "length");
      if (length < 1 || length > Table.MAX_REGISTERS_PER_READ) {
        throw invalid(
            "\""
                + text
                + "\": a string is 1 to "
                + Table.MAX_REGISTERS_PER_READ
                + " registers long, not "
                + length);
      }
    }
    return new ModbusAddress(table, offset, length);
  }

  private static int number(String digits, String text, String what) {
    // Only plain decimal digits: "+1", "0x10" or " 1" are typos more often than intent.
    if (digits.isEmpty()
        || digits.length() > 6
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid("\"" + text + "\": the " + what + " must be a decimal number; write " + FORMS);
    }
    return Integer.parseInt(digits);
  }

  private static DefinitionException invalid(String problem) {
    return new DefinitionException("address", problem);
  }

  @Override
  public String toString() {
    return table.prefix() + ":" + offset + (length > 0 ? ":" + length : "");
  }
}
