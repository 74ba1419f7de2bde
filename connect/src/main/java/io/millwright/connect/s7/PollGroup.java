package io.millwright.connect.s7;

import java.time.Duration;
import java.util.List;

/** Variables read at one interval, and how: the requests of their {@link ReadPlan}. */
record PollGroup(Duration interval, List<ReadPlan.Request> requests, int variableCount) {

  boolean reads(S7Variable variable) {
    return requests.stream()
        .flatMap(r -> r.ranges().stream())
        .anyMatch(r -> r.variables().contains(variable));
  }
}
