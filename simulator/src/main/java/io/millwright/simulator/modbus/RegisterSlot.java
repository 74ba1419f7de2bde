package io.millwright.simulator.modbus;

import io.millwright.core.machine.DataType;
import io.millwright.simulator.TagSpec;

/**
 * Where one tag lives in a slave's register map.
 *
 * @param tag the tag
 * @param table the data table
 * @param offset zero-based bit or register offset in the table
 * @param width bits (always 1) or registers the tag occupies
 */
public record RegisterSlot(TagSpec tag, RegisterTable table, int offset, int width) {

  /**
   * The address a connector writes in a machine definition: {@code holding:4}, and for strings the
   * register count too, {@code input:10:8}.
   */
  public String address() {
    String base = table.prefix() + ":" + offset;
    return tag.type() == DataType.STRING ? base + ":" + width : base;
  }

  /** The offset just past this tag. */
  int end() {
    return offset + width;
  }
}
