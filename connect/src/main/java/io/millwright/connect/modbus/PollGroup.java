package io.millwright.connect.modbus;

import java.time.Duration;
import java.util.List;

/**
 * The tags read at one sampling interval, already merged into requests. One poll of the group ends
 * in one batch of samples, one per tag.
 */
record PollGroup(Duration interval, List<ReadRequest> requests, int tagCount) {

  PollGroup {
    requests = List.copyOf(requests);
  }

  /** Whether one of its reads covers what the write changed: the read that shows it back. */
  boolean reads(TagWrite w) {
    Table table = w instanceof TagWrite.Registers ? Table.HOLDING : Table.COIL;
    int length =
        switch (w) {
          case TagWrite.Coil c -> 1;
          case TagWrite.Coils c -> c.values().length;
          case TagWrite.Registers r -> r.values().length;
        };
    for (ReadRequest r : requests) {
      if (r.table() == table
          && r.start() < w.start() + length
          && w.start() < r.start() + r.count()) {
        return true;
      }
    }
    return false;
  }
}
