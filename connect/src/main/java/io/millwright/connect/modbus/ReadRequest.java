package io.millwright.connect.modbus;

import java.util.List;

/**
 * One read the poller sends: a contiguous range of one table, and the tags whose values lie in it.
 */
record ReadRequest(Table table, int start, int count, List<ModbusTag> tags) {

  ReadRequest {
    tags = List.copyOf(tags);
  }

  @Override
  public String toString() {
    return table.prefix() + ":" + start + " x" + count;
  }
}
