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
}
