package io.millwright.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the journal of each dispatched job after the run ({@code GET /api/v1/jobs/{id}}), so the
 * server-side times are fetched without loading the binary while it is measured.
 */
final class JobsJournal {

  /**
   * One job's times from its journal, in epoch milliseconds; -1 when the journal lacks the step.
   *
   * @param released imported → released (the release call)
   * @param written the note "written to …" (the DCMD going out)
   * @param dispatched released → dispatched (the machine's read-back reached the book)
   * @param rewrites notes "no read-back yet; writing again": the book's dispatch timeout ran out
   */
  record Times(long job, long released, long written, long dispatched, int rewrites) {

    long releaseToDispatch() {
      return released < 0 || dispatched < 0 ? -1 : dispatched - released;
    }

    long writeToDispatch() {
      return written < 0 || dispatched < 0 ? -1 : dispatched - written;
    }
  }

  private JobsJournal() {}

  static List<Times> read(MillwrightProcess binary, List<Long> jobs, int threads) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Times>> out = new ArrayList<>();
      for (long id : jobs) {
        out.add(pool.submit(() -> times(binary, json, id)));
      }
      List<Times> times = new ArrayList<>();
      for (Future<Times> f : out) {
        times.add(f.get());
      }
      return times;
    } finally {
      pool.shutdown();
    }
  }

  private static Times times(MillwrightProcess binary, ObjectMapper json, long id)
      throws IOException, InterruptedException {
    HttpResponse<String> r = binary.get("/api/v1/jobs/" + id);
    if (r.statusCode() != 200) {
      throw new IOException("job " + id + ": " + r.statusCode() + " " + r.body());
    }
    long released = -1;
    long written = -1;
    long dispatched = -1;
    int rewrites = 0;
    for (JsonNode t : json.readTree(r.body()).path("history")) {
      String from = t.path("from").asText();
      String to = t.path("to").asText();
      long at = Instant.parse(t.path("at").asText()).toEpochMilli();
      if (t.path("reason").asText().startsWith("no read-back yet")) {
        rewrites++;
      }
      if (released < 0 && from.equals("imported") && to.equals("released")) {
        released = at;
      } else if (written < 0
          && to.equals("released")
          && t.path("reason").asText().startsWith("written to")) {
        written = at;
      } else if (dispatched < 0 && to.equals("dispatched")) {
        dispatched = at;
      }
    }
    return new Times(id, released, written, dispatched, rewrites);
  }
}
