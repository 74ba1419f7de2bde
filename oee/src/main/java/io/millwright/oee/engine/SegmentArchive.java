package io.millwright.oee.engine;

import io.millwright.oee.state.Segment;
import java.util.List;
import java.util.Map;

/** Where the engine keeps finished segments and classifications beyond memory and restarts. */
public interface SegmentArchive {

  /** Takes a finished segment; it is durable after the archive's next flush. */
  void append(String machineId, Segment segment);

  /** Segments of the machine overlapping [from, to), in time order. */
  List<Segment> segments(String machineId, long from, long to);

  /** Operators' classifications of the machine's stops, by the stop's start. */
  Map<Long, Stop.Classification> classifications(String machineId);

  /** Keeps a classification durably before returning. */
  void classify(String machineId, long stopStart, Stop.Classification classification);

  /** Keeps nothing: for tests and benchmarks that hold everything in memory. */
  SegmentArchive NONE =
      new SegmentArchive() {
        @Override
        public void append(String machineId, Segment segment) {}

        @Override
        public List<Segment> segments(String machineId, long from, long to) {
          return List.of();
        }

        @Override
        public Map<Long, Stop.Classification> classifications(String machineId) {
          return Map.of();
        }

        @Override
        public void classify(String machineId, long stopStart, Stop.Classification c) {}
      };
}
