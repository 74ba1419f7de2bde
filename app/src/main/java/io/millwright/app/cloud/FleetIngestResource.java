package io.millwright.app.cloud;

import io.millwright.publisher.batch.BatchId;
import io.millwright.publisher.transport.BatchSink;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import io.millwright.publisher.transport.SiteStatusJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Where the sites' publishers send over HTTPS. Not a user's API: a site authenticates with its own
 * token ({@code Authorization: Bearer}), compared in constant time; the answer is the contract the
 * publisher acts on: 201 stored, 200 duplicate, each naming the batch ({@code {"outcome": ...,
 * "batch": "<site>/<buffer>/<sequence>"}}: only then does the publisher remove it from the buffer,
 * so that a proxy's 200 cannot make it drop data), 422 refused for good (malformed), 401 (wrong or
 * missing token and unregistered site alike) and 503 (the store is down) to be tried again.
 */
@Path("/api/v1/fleet/ingest/{site}")
@Produces(MediaType.APPLICATION_JSON)
public class FleetIngestResource {

  private static final System.Logger LOG = System.getLogger(FleetIngestResource.class.getName());

  public static final String BATCH_TYPE = "application/vnd.millwright.batch";

  @POST
  @Path("/batches/{buffer}/{sequence}")
  @Consumes(BATCH_TYPE)
  @Operation(summary = "A site's batch (its publisher's, with the site token)")
  public Response batch(
      @PathParam("site") String site,
      @PathParam("buffer") String buffer,
      @PathParam("sequence") long sequence,
      @QueryParam("historical") boolean historical,
      @HeaderParam("Authorization") String authorization,
      byte[] body) {
    CloudRole.Cloud cloud = FleetResource.cloud();
    authenticate(cloud, site, authorization);
    BatchId id;
    try {
      id = new BatchId(site, buffer, sequence);
    } catch (IllegalArgumentException e) {
      throw new WebApplicationException(e.getMessage(), 422);
    }
    try {
      BatchSink.Outcome outcome =
          cloud
              .receiver()
              .accept(site, new Envelope(id, historical, body == null ? new byte[0] : body));
      return Response.status(outcome == BatchSink.Outcome.STORED ? 201 : 200)
          .entity(
              Map.of(
                  "outcome",
                  outcome == BatchSink.Outcome.STORED ? "stored" : "duplicate",
                  "batch",
                  id.toString()))
          .build();
    } catch (BatchSink.RefusedException e) {
      throw new WebApplicationException(e.getMessage(), 422);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cloud: cannot store batch " + id + " now: " + e.getMessage());
      throw new WebApplicationException(
          "the cloud cannot store the batch now; send it again later", 503);
    }
  }

  @POST
  @Path("/status")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A site's status for the fleet view (its publisher's, with the site token)")
  public Response status(
      @PathParam("site") String site,
      @HeaderParam("Authorization") String authorization,
      byte[] body) {
    CloudRole.Cloud cloud = FleetResource.cloud();
    authenticate(cloud, site, authorization);
    SiteStatus status;
    try {
      status = SiteStatusJson.decode(body == null ? new byte[0] : body);
    } catch (IllegalArgumentException e) {
      throw new WebApplicationException(e.getMessage(), 422);
    }
    try {
      cloud.receiver().acceptStatus(site, status);
    } catch (BatchSink.RefusedException e) {
      throw new WebApplicationException(e.getMessage(), 422);
    }
    return Response.noContent().build();
  }

  /**
   * 401, always with the same body, for a wrong or missing token and for a site that is not
   * registered (counted here): an anonymous caller must not learn from the answer which site ids
   * exist. Only a registered site with its token reaches the receiver. Worth the publisher's retry,
   * once the cloud is set up.
   */
  private static void authenticate(CloudRole.Cloud cloud, String site, String authorization) {
    String token =
        authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length()).strip()
            : null;
    if (token == null || !cloud.registry().tokenMatches(site, token)) {
      CloudRole.TOKENS_REFUSED.increment();
      throw new WebApplicationException(
          Response.status(401)
              .header("WWW-Authenticate", "Bearer realm=\"millwright-sites\"")
              .entity(Map.of("detail", "the site's token is missing or wrong"))
              .build());
    }
  }
}
