package io.millwright.connect.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the tags of one poll group into as few read requests as possible. Each round trip costs
 * far more than a few extra words on the wire, so neighbouring ranges are joined when the unused
 * gap between them is at most {@code maxGap} registers and the joined range still fits one request.
 */
final class RequestPlanner {

  /**
   * A bit costs an eighth of a byte on the wire against two bytes for a register, so the same gap
   * budget spans 16 times as many bits.
   */
  static final int BITS_PER_REGISTER_OF_GAP = 16;

  private RequestPlanner() {}

  static List<ReadRequest> plan(List<ModbusTag> tags, ModbusOptions options) {
    Map<Table, List<ModbusTag>> byTable = new EnumMap<>(Table.class);
    for (ModbusTag t : tags) {
      byTable.computeIfAbsent(t.table(), k -> new ArrayList<>()).add(t);
    }
    List<ReadRequest> requests = new ArrayList<>();
    byTable.forEach((table, inTable) -> requests.addAll(planTable(table, inTable, options)));
    return requests;
  }

  private static List<ReadRequest> planTable(
      Table table, List<ModbusTag> tags, ModbusOptions options) {
    int maxUnits = table.holdsBits() ? Table.MAX_BITS_PER_READ : options.maxRegisters();
    int maxGap = table.holdsBits() ? options.maxGap() * BITS_PER_REGISTER_OF_GAP : options.maxGap();
    List<ModbusTag> sorted = new ArrayList<>(tags);
    sorted.sort(Comparator.comparingInt(ModbusTag::start).thenComparingInt(ModbusTag::end));
    List<ReadRequest> requests = new ArrayList<>();
    List<ModbusTag> current = new ArrayList<>();
    int start = -1;
    int end = -1;
    for (ModbusTag t : sorted) {
      boolean fits =
          !current.isEmpty()
              && t.start() - end <= maxGap
              && Math.max(end, t.end()) - start <= maxUnits;
      if (!fits) {
        if (!current.isEmpty()) {
          requests.add(new ReadRequest(table, start, end - start, current));
        }
        current = new ArrayList<>();
        start = t.start();
        end = t.end();
      }
      current.add(t);
      end = Math.max(end, t.end());
    }
    if (!current.isEmpty()) {
      requests.add(new ReadRequest(table, start, end - start, current));
    }
    return requests;
  }
}
