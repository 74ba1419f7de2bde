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
 * cannot read it), and no change is taken from a request the browser marks as cross-site, whatever
 * its credentials (a browser also resends HTTP Basic by itself).
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
    String fetchSite = request.getHeaderString("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return refuse(request, "a change is not taken from another site's page");
    }
    Session session =
        identity.isAnonymous() ? null : identity.getAttribute(SignInMechanism.SESSION);
    if (session == null) {
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

  private Optional<Response> refuse(ContainerRequestContext request, String why) {
    Counter.builder("millwright.web.csrf.refused")
        .description("changes refused as possible cross-site requests")
        .register(meters)
        .increment();
    return Optional.of(
        ProblemDetails.problem(403, why, request.getUriInfo().getRequestUri().getPath()));
  }
}
