package io.millwright.app.http;

import io.millwright.web.pages.Pages;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
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

  @Inject SecurityIdentity identity;

  /** RFC 9457 section 3.1 members. */
  public record Problem(String type, String title, int status, String detail, String instance) {}

  /** A field of a request body at fault, so a form shows the message next to that field. */
  public record FieldError(String field, String message) {}

  /** A 400 with the fields at fault: RFC 9457 members plus the extension member {@code errors}. */
  public record Invalid(
      String type,
      String title,
      int status,
      String detail,
      String instance,
      List<FieldError> errors) {}

  /**
   * A role that does not allow the request: a plain page for a browser's page request (it names the
   * role needed, not what was asked for), a problem document for the API.
   */
  @ServerExceptionMapper
  public Response mapForbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
    String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
    String path = uri.getPath();
    if (accept != null && accept.contains("text/html") && !path.startsWith("/api/")) {
      String who = identity.isAnonymous() ? "" : identity.getPrincipal().getName();
      return Response.status(403)
          .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
          .entity(Pages.forbidden(who))
          .build();
    }
    return problem(403, "your role does not allow this", path);
  }

  @ServerExceptionMapper
  public Response mapWebApplication(WebApplicationException e, UriInfo uri) {
    if (e.getResponse().getEntity() instanceof Invalid) {
      return e.getResponse(); // already a problem naming its fields
    }
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
    return problem(status, detail, uri.getPath());
  }

  /** 400 naming each field at fault. */
  public static Response invalid(String detail, List<FieldError> errors, String path) {
    return fieldProblem(400, detail, errors, path);
  }

  /** A problem naming the fields at fault: 400, or 409 for a value already taken. */
  public static Response fieldProblem(
      int status, String detail, List<FieldError> errors, String path) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "HTTP " + status : known.getReasonPhrase();
    return Response.status(status)
        .type(MediaType.valueOf(MEDIA_TYPE))
        .entity(new Invalid("about:blank", title, status, detail, path, List.copyOf(errors)))
        .build();
  }

  public static Response problem(int status, String detail, String path) {
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "HTTP " + status : known.getReasonPhrase();
    return Response.status(status)
        .type(MediaType.valueOf(MEDIA_TYPE))
        .entity(new Problem("about:blank", title, status, detail, path))
        .build();
  }
}
