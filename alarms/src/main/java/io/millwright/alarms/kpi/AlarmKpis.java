package io.millwright.alarms.kpi;

import io.millwright.alarms.engine.AlarmView;
import io.millwright.alarms.journal.Activation;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** ISA-18.2's alarm-rate KPIs per area from the journal's activations. */
public final class AlarmKpis {

  static final long PERIOD = Duration.ofMinutes(10).toMillis();

  /** More than this many alarms per operator in 10 minutes is a flood. */
  public static final int FLOOD = 10;

  /** An alarm raised this many times within {@link #CHATTER_WINDOW} chatters. */
  public static final int CHATTER_COUNT = 3;

  public static final Duration CHATTER_WINDOW = Duration.ofMinutes(1);

  /** An alarm shown for longer than this is stale. */
  public static final Duration STALE = Duration.ofHours(24);

  private AlarmKpis() {}

  /**
   * @param activations oldest first, all within {@code [from, to)}
   * @param operators per area; areas not named have one operator
   * @param current every alarm as it stands, for stale alarms
   */
  public static List<AreaKpis> compute(
      List<Activation> activations,
      long fromMillis,
      long toMillis,
      Map<String, Integer> operators,
      List<AlarmView> current,
      long nowMillis) {
    long periods = Math.max(1, (toMillis - fromMillis + PERIOD - 1) / PERIOD);
    Map<String, List<Activation>> byArea = new TreeMap<>();
    for (Activation a : activations) {
      byArea.computeIfAbsent(a.area(), k -> new ArrayList<>()).add(a);
    }
    Map<String, List<String>> staleByArea = new TreeMap<>();
    for (AlarmView v : current) {
      if (v.state().active() && nowMillis - v.activatedMillis() > STALE.toMillis()) {
        staleByArea.computeIfAbsent(v.area(), k -> new ArrayList<>()).add(v.id());
      }
      byArea.computeIfAbsent(v.area(), k -> new ArrayList<>());
    }
    List<AreaKpis> out = new ArrayList<>();
    for (Map.Entry<String, List<Activation>> e : byArea.entrySet()) {
      int ops = Math.max(1, operators.getOrDefault(e.getKey(), 1));
      List<Activation> list = e.getValue();
      Map<Long, Long> perPeriod = new HashMap<>();
      Map<String, Long> counts = new LinkedHashMap<>();
      Map<String, Deque<Long>> recent = new HashMap<>();
      TreeSet<String> chattering = new TreeSet<>();
      for (Activation a : list) {
        perPeriod.merge((a.timeMillis() - fromMillis) / PERIOD, 1L, Long::sum);
        counts.merge(a.id(), 1L, Long::sum);
        Deque<Long> times = recent.computeIfAbsent(a.id(), k -> new ArrayDeque<>());
        times.addLast(a.timeMillis());
        while (times.peekFirst() < a.timeMillis() - CHATTER_WINDOW.toMillis()) {
          times.removeFirst();
        }
        if (times.size() >= CHATTER_COUNT) {
          chattering.add(a.id());
        }
      }
      long peak = perPeriod.values().stream().mapToLong(Long::longValue).max().orElse(0);
      long floods = perPeriod.values().stream().filter(c -> c > (long) FLOOD * ops).count();
      long total = list.size();
      List<AreaKpis.Frequent> top =
          counts.entrySet().stream()
              .sorted(
                  Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                      .thenComparing(Map.Entry.comparingByKey()))
              .limit(10)
              .map(
                  c ->
                      new AreaKpis.Frequent(
                          c.getKey(), c.getValue(), (double) c.getValue() / total))
              .toList();
      out.add(
          new AreaKpis(
              e.getKey(),
              ops,
              total,
              (double) total / periods / ops,
              peak,
              (double) floods / periods,
              top,
              List.copyOf(chattering),
              staleByArea.getOrDefault(e.getKey(), List.of())));
    }
    return out;
  }
}
