package io.millwright.app.cloud;

import io.millwright.app.Launch;
import io.millwright.cloud.fleet.FleetSite;
import io.millwright.publisher.batch.SiteEvent;
import io.millwright.publisher.transport.SiteStatus;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /api/v1/fleet}: every site the cloud knows, with its last contact, backlog, software
 * version, machines online, current OEE and active alarms, and what the cloud received from it.
 */
@Path("/api/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
public class FleetResource {

  @GET
  @Operation(summary = "Every registered site, heard from or not")
  public List<Map<String, Object>> sites() {
    return cloud().fleet().sites().stream().map(FleetResource::toApi).toList();
  }

  @GET
  @Path("/{site}")
  @Operation(summary = "One site of the fleet")
  public Map<String, Object> site(@PathParam("site") String site) {
    return toApi(
        cloud()
            .fleet()
            .site(site)
            .orElseThrow(() -> new NotFoundException("site " + site + " is not registered")));
  }

  @GET
  @Path("/{site}/events")
  @Operation(summary = "A site's latest events (alarm transitions, job events, OEE figures)")
  public List<Map<String, Object>> events(
      @PathParam("site") String site, @QueryParam("limit") Integer limit) {
    CloudRole.Cloud c = cloud();
    if (c.registry().find(site).isEmpty()) {
      throw new NotFoundException("site " + site + " is not registered");
    }
    int max = limit == null ? 100 : limit;
    if (max < 1 || max > 1_000) {
      throw new BadRequestException("limit must be from 1 to 1000");
    }
    return c.journal().events(site, max).stream().map(FleetResource::toApi).toList();
  }

  static Map<String, Object> toApi(FleetSite s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", s.id());
    out.put("name", s.name());
    out.put("online", s.online());
    out.put("lastContact", s.lastContact().map(Instant::toString).orElse(null));
    SiteStatus st = s.status().orElse(null);
    out.put("version", st == null ? null : st.version());
    Map<String, Object> machines = new LinkedHashMap<>();
    machines.put("online", st == null ? null : st.machinesOnline());
    machines.put("total", st == null ? null : st.machinesTotal());
    out.put("machines", machines);
    out.put("oee", st == null || st.oee().isEmpty() ? null : st.oee().getAsDouble());
    out.put("activeAlarms", st == null ? null : st.activeAlarms());
    Map<String, Object> backlog = new LinkedHashMap<>();
    backlog.put("batches", st == null ? null : st.backlogBatches());
    backlog.put("readings", st == null ? null : st.backlogReadings());
    backlog.put(
        "oldest",
        st == null || st.oldestBacklog() == 0
            ? null
            : Instant.ofEpochMilli(st.oldestBacklog()).toString());
    backlog.put("bufferBytes", st == null ? null : st.bufferBytes());
    backlog.put("budgetBytes", st == null ? null : st.budgetBytes());
    backlog.put("readingsDropped", st == null ? null : st.readingsDropped());
    out.put("backlog", backlog);
    Map<String, Object> received = new LinkedHashMap<>();
    received.put("batches", s.batchesReceived());
    received.put("readings", s.readingsReceived());
    received.put("duplicates", s.duplicates());
    received.put("refused", s.refused());
    received.put("newestReading", s.newestReading().map(Instant::toString).orElse(null));
    out.put("received", received);
    return out;
  }

  static Map<String, Object> toApi(SiteEvent e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", e.topic());
    out.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
    out.put("payload", e.json());
    return out;
  }

  static CloudRole.Cloud cloud() {
    return Launch.current()
        .manager()
        .service(CloudRole.SERVICE)
        .orElseThrow(() -> new NotFoundException("this process does not run the cloud role"));
  }
}
