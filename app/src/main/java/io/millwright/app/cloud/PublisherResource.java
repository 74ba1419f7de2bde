package io.millwright.app.cloud;

import io.millwright.app.Launch;
import io.millwright.publisher.buffer.BufferStats;
import io.millwright.publisher.live.PublisherService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/publisher}: how this site's feed to the cloud is doing, for the UI and for
 * scripts: the link, the backlog waiting in the buffer (size, age), the disk budget and what was
 * sent.
 */
@Path("/api/v1/publisher")
@Produces(MediaType.APPLICATION_JSON)
public class PublisherResource {

  @GET
  public Map<String, Object> status() {
    PublisherService s =
        Launch.current()
            .manager()
            .service(PublisherRole.SERVICE)
            .orElseThrow(
                () -> new NotFoundException("this process does not run the publisher role"));
    BufferStats b = s.bufferStats();
    Map<String, Double> f = s.figures();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("transport", s.transport().kind());
    out.put("target", s.transport().target());
    out.put("linkUp", s.linkUp());
    out.put("lastError", s.lastError());
    out.put("online", s.online());
    out.put("buffer", s.bufferName());
    Map<String, Object> backlog = new LinkedHashMap<>();
    backlog.put("batches", b.batches());
    backlog.put("readings", b.readings());
    backlog.put("bytes", b.payloadBytes());
    backlog.put(
        "oldest",
        b.oldestSealedAt() == 0 ? null : Instant.ofEpochMilli(b.oldestSealedAt()).toString());
    backlog.put("ageSeconds", f.get("backlog_age_seconds"));
    backlog.put("drainRate", f.get("drain_rate_readings_per_second"));
    out.put("backlog", backlog);
    Map<String, Object> disk = new LinkedHashMap<>();
    disk.put("budgetBytes", b.budgetBytes());
    disk.put("fileBytes", b.fileBytes());
    disk.put("fill", b.fill());
    disk.put("warning", b.warning());
    disk.put("batchesDropped", b.batchesDropped());
    disk.put("readingsDropped", b.readingsDropped());
    out.put("disk", disk);
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("readings", f.get("readings_sent_total").longValue());
    sent.put("backlogReadings", f.get("backlog_readings_sent_total").longValue());
    sent.put("bytes", f.get("bytes_sent_total").longValue());
    sent.put("liveBatches", f.get("batches_sent_live_total").longValue());
    sent.put("backlogBatches", f.get("batches_sent_backlog_total").longValue());
    sent.put("refusedBatches", f.get("batches_refused_total").longValue());
    out.put("sent", sent);
    return out;
  }
}
