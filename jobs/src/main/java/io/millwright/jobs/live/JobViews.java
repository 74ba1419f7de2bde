package io.millwright.jobs.live;

import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.Transition;
import io.millwright.jobs.erp.ErpOrder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jobs and transitions as the API and the namespace show them: JSON-ready maps with ISO-8601 times
 * (ARCHITECTURE.md section 4), the same shape in both places.
 */
public final class JobViews {

  private JobViews() {}

  /**
   * A job.
   *
   * @param position its place in its machine's queue, 1 next; 0 when not queued
   */
  public static Map<String, Object> job(Job j, int position) {
    ErpOrder o = j.order();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("orderNumber", o.orderNumber());
    m.put("operation", o.operation());
    m.put("product", o.product());
    m.put("quantity", o.quantity());
    m.put("status", j.status().wireName());
    m.put("dispatching", j.dispatching());
    m.put("machine", j.machine().orElse(null));
    m.put("requested", o.machine().orElse(null));
    m.put("queuePosition", position);
    m.put("good", j.good());
    m.put("scrap", j.scrap());
    m.put("remaining", j.remaining());
    m.put("priority", o.priority());
    m.put("setpoints", o.setpoints());
    m.put("idealCycleSeconds", o.idealCycle().map(d -> d.toMillis() / 1e3).orElse(null));
    m.put("plannedStart", o.plannedStart().map(Instant::toString).orElse(null));
    m.put("plannedEnd", o.plannedEnd().map(Instant::toString).orElse(null));
    m.put("source", j.source());
    m.put("note", j.note().orElse(null));
    m.put("importedAt", time(j.importedAt()));
    m.put("updatedAt", time(j.updatedAt()));
    m.put("startedAt", time(j.startedAt()));
    m.put("endedAt", time(j.endedAt()));
    return m;
  }

  /** One transition of a job's journal. */
  public static Map<String, Object> transition(Transition t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("job", t.job());
    m.put("at", time(t.at()));
    m.put("from", t.from().wireName());
    m.put("to", t.to().wireName());
    m.put("by", t.by());
    m.put("reason", t.reason());
    m.put("good", t.good());
    m.put("scrap", t.scrap());
    return m;
  }

  private static String time(long millis) {
    return millis == 0 ? null : Instant.ofEpochMilli(millis).toString();
  }
}
