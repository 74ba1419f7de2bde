package io.millwright.app.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every API error as an RFC 9457 problem document ({@code application/problem+json}). Unexpected
 * failures answer 500 without internals: the stack trace goes to the log, never to the client.
 */
public class ProblemDetails {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final Logger LOG = Logger.getLogger(ProblemDetails.class.getName());

  /** RFC 9457 section 3.1 members. */
  public record Problem(String type, String title, int status, String detail, String instance) {}

  @ServerExceptionMapper
  public Response mapWebApplication(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    return problem(status, e.getMessage(), uri);
  }

  @ServerExceptionMapper
  public Response mapIllegalArgument(IllegalArgumentException e, UriInfo uri) {
    return problem(400, e.getMessage(), uri);
  }

  @ServerExceptionMapper(priority = 10_000)
  public Response mapUnexpected(Exception e, UriInfo uri) {
    LOG.log(Level.SEVERE, "unexpected error serving " + uri.getPath(), e);
    return problem(500, "internal error; the server log has the details", uri);
  }

  static Response problem(int status, String detail, UriInfo uri) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "HTTP " + status : known.getReasonPhrase();
    return Response.status(status)
        .type(MediaType.valueOf(MEDIA_TYPE))
        .entity(new Problem("about:blank", title, status, detail, uri.getPath()))
        .build();
  }
}
