package io.millwright.app.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.app.http.ProblemDetails;
import io.millwright.web.session.Session;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a change that another site's page could have made in a signed-in browser's name: a
 * session-cookie request must carry the session's {@code X-CSRF-Token} (a page of another origin
 * cannot read it), and no change is taken from a request the browser marks as cross-site
 * (Sec-Fetch-Site, else Origin, else Referer), whatever its credentials: a browser also resends
 * HTTP Basic by itself. With Basic, a change must also come as a body no HTML form can send (JSON),
 * so that an old browser that marks nothing still cannot be made to post a form to the API.
 */
public class CsrfCheck {

  static final String HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Inject SecurityIdentity identity;
  @Inject MeterRegistry meters;

  @ServerRequestFilter
  public Optional<Response> check(ContainerRequestContext request) {
    if (SAFE.contains(request.getMethod())) {
      return Optional.empty();
    }
    if (!SameOrigin.check(
        request.getHeaderString("Sec-Fetch-Site"),
        request.getHeaderString("Origin"),
        request.getHeaderString("Referer"),
        request.getHeaderString("Host"))) {
      return refuse(request, "a change is not taken from another site's page");
    }
    Session session =
        identity.isAnonymous() ? null : identity.getAttribute(SignInMechanism.SESSION);
    if (session == null) {
      String authorization = request.getHeaderString("Authorization");
      if (authorization != null
          && authorization.regionMatches(true, 0, "Basic ", 0, 6)
          && formLike(request.getHeaderString("Content-Type"))) {
        return refuse(
            request, "with HTTP Basic, send changes as application/json, not as a form body");
      }
      return Optional.empty(); // Basic or a token: sent on purpose, not by a browser on its own
    }
    String given = request.getHeaderString(HEADER);
    if (given == null
        || !MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8),
            session.csrf().getBytes(StandardCharsets.UTF_8))) {
      return refuse(request, "missing or wrong " + HEADER + " header; reload the page");
    }
    return Optional.empty();
  }

  /** Bodies an HTML form of another site can send without asking (no CORS preflight). */
  static boolean formLike(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    return type.startsWith("application/x-www-form-urlencoded")
        || type.startsWith("multipart/form-data")
        || type.startsWith("text/plain");
  }

  private Optional<Response> refuse(ContainerRequestContext request, String why) {
    Counter.builder("millwright.web.csrf.refused")
        .description("changes refused as possible cross-site requests")
        .register(meters)
        .increment();
    return Optional.of(
        ProblemDetails.problem(403, why, request.getUriInfo().getRequestUri().getPath()));
  }
}
