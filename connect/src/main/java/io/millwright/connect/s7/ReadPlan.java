package io.millwright.connect.s7;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.plc4x.java.s7.readwrite.MemoryArea;

/**
 * How one poll group's variables are read: neighbouring variables of one area join into a byte
 * range (across gaps of up to {@code maxGap} unread bytes), and ranges are packed into requests
 * that fit the PDU both ways — the request's item list and the response's data. One request is one
 * round trip, so a thousand variables in a data block cost a handful of round trips, not a
 * thousand.
 */
final class ReadPlan {

  /** S7 header of a job (10 bytes) plus function code and item count. */
  static final int REQUEST_HEADER = 12;

  /** Each item of a read request: an S7ANY address. */
  static final int REQUEST_ITEM = 12;

  /** S7 header of an acknowledgement with data (12 bytes) plus function code and item count. */
  static final int RESPONSE_HEADER = 14;

  /** Each item of a response: return code, transport size, length; then its data, padded even. */
  static final int RESPONSE_ITEM = 4;

  /** What S7 CPUs accept in one read job, whatever the PDU. */
  static final int MAX_ITEMS = 20;

  /** Bytes read in one go from one area, and the variables they hold. */
  record Range(MemoryArea area, int dataBlock, int start, int length, List<S7Variable> variables) {

    String address() {
      return Areas.byteRange(area, dataBlock, start, length);
    }

    @Override
    public String toString() {
      return Areas.name(area, dataBlock) + " bytes " + start + ".." + (start + length - 1);
    }
  }

  /** One round trip. */
  record Request(List<Range> ranges) {}

  private ReadPlan() {}

  /** The largest range one response item can carry in a PDU of this size. */
  static int maxRange(int pduSize) {
    return pduSize - RESPONSE_HEADER - RESPONSE_ITEM;
  }

  /**
   * @throws IllegalArgumentException naming a variable larger than a PDU carries
   */
  static List<Request> plan(List<S7Variable> variables, int pduSize, int maxGap) {
    int maxRange = maxRange(pduSize);
    List<S7Variable> sorted = new ArrayList<>(variables);
    sorted.sort(
        Comparator.comparing((S7Variable v) -> v.area())
            .thenComparingInt(S7Variable::dataBlock)
            .thenComparingInt(S7Variable::offset));
    List<Range> ranges = new ArrayList<>();
    List<S7Variable> current = new ArrayList<>();
    int start = 0;
    int end = 0;
    for (S7Variable v : sorted) {
      if (v.size() > maxRange) {
        throw new IllegalArgumentException(
            v.name()
                + " takes "
                + v.size()
                + " bytes, more than one read carries in a PDU of "
                + pduSize
                + " ("
                + maxRange
                + ")");
      }
      boolean joins =
          !current.isEmpty()
              && current.getFirst().area() == v.area()
              && current.getFirst().dataBlock() == v.dataBlock()
              && v.offset() - end <= maxGap
              && Math.max(end, v.offset() + v.size()) - start <= maxRange;
      if (!joins) {
        if (!current.isEmpty()) {
          ranges.add(range(current, start, end));
        }
        current = new ArrayList<>();
        start = v.offset();
        end = v.offset();
      }
      current.add(v);
      end = Math.max(end, v.offset() + v.size());
    }
    if (!current.isEmpty()) {
      ranges.add(range(current, start, end));
    }
    return pack(ranges, pduSize);
  }

  private static Range range(List<S7Variable> variables, int start, int end) {
    S7Variable first = variables.getFirst();
    return new Range(first.area(), first.dataBlock(), start, end - start, List.copyOf(variables));
  }

  private static List<Request> pack(List<Range> ranges, int pduSize) {
    List<Request> requests = new ArrayList<>();
    List<Range> current = new ArrayList<>();
    int requestBytes = REQUEST_HEADER;
    int responseBytes = RESPONSE_HEADER;
    for (Range r : ranges) {
      int answer = RESPONSE_ITEM + r.length() + (r.length() % 2);
      boolean fits =
          current.size() < MAX_ITEMS
              && requestBytes + REQUEST_ITEM <= pduSize
              && responseBytes + answer <= pduSize;
      if (!fits) {
        requests.add(new Request(List.copyOf(current)));
        current = new ArrayList<>();
        requestBytes = REQUEST_HEADER;
        responseBytes = RESPONSE_HEADER;
      }
      current.add(r);
      requestBytes += REQUEST_ITEM;
      responseBytes += answer;
    }
    if (!current.isEmpty()) {
      requests.add(new Request(List.copyOf(current)));
    }
    return requests;
  }
}
