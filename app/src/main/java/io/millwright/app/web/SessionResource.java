package io.millwright.app.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.millwright.app.Launch;
import io.millwright.app.security.UserIdentityProvider;
import io.millwright.web.pages.Pages;
import io.millwright.web.session.Session;
import io.millwright.web.users.User;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Signing in and out of the web app. The session cookie is HttpOnly (scripts cannot read it),
 * SameSite=Strict (no other site's page sends it) and Secure whenever the browser came over HTTPS.
 */
@Path("/")
public class SessionResource {

  private static final Logger LOG = Logger.getLogger(SessionResource.class.getName());

  @Inject SecurityIdentity identity;
  @Inject MeterRegistry meters;

  @GET
  @Path("login")
  @Produces(MediaType.TEXT_HTML)
  @Operation(hidden = true)
  public Response form(@QueryParam("next") String next) {
    return html(200, Pages.signIn("", Pages.safeNext(next), ""));
  }

  @POST
  @Path("login")
  @Produces(MediaType.TEXT_HTML)
  @Blocking
  @Operation(hidden = true)
  public Response signIn(
      @FormParam("user") String user,
      @FormParam("password") String password,
      @FormParam("next") String next,
      @Context HttpServerRequest request) {
    String target = Pages.safeNext(next);
    String name = user == null ? "" : user.trim();
    if (!sameOrigin(request)) {
      return html(403, Pages.signIn("Sign in from this server's own page.", target, ""));
    }
    SignIn signIn = Launch.current().manager().service(SignInModule.KEY).orElseThrow();
    if (!signIn.guard().allows(name)) {
      refused("throttled");
      return html(
          429,
          Pages.signIn(
              "Too many failed sign-ins for this user; wait a few minutes.", target, name));
    }
    Optional<User> found =
        name.isEmpty() || password == null
            ? Optional.empty()
            : UserIdentityProvider.check(name, password);
    if (found.isEmpty()) {
      signIn.guard().failed(name);
      refused("wrong");
      LOG.info(() -> "sign-in refused for user " + printable(name));
      return html(401, Pages.signIn("Wrong user or password.", target, name));
    }
    signIn.guard().succeeded(name);
    Session session = signIn.sessions().start(found.get().name(), found.get().role());
    signIn.users().audit(session.user(), "signed in", session.user());
    LOG.info(() -> "signed in: " + session.user() + " (" + session.role().apiName() + ")");
    return Response.seeOther(URI.create(target))
        .cookie(cookie(session.id(), (int) signIn.sessions().lifetime().toSeconds(), request))
        .build();
  }

  @POST
  @Path("logout")
  @Operation(summary = "Ends this browser's session")
  public Response signOut(@Context HttpServerRequest request) {
    Session session =
        identity.isAnonymous() ? null : identity.getAttribute(SignInMechanism.SESSION);
    if (session != null) {
      SignIn signIn = Launch.current().manager().service(SignInModule.KEY).orElseThrow();
      signIn.sessions().end(session.id());
      signIn.users().audit(session.user(), "signed out", session.user());
    }
    return Response.noContent().cookie(cookie("", 0, request)).build();
  }

  @GET
  @Path("api/v1/session")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Who is signed in, with which roles")
  public Map<String, Object> me() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", identity.getPrincipal().getName());
    out.put("roles", identity.getRoles().stream().sorted().toList());
    out.put("session", identity.getAttribute(SignInMechanism.SESSION) != null);
    return out;
  }

  /**
   * A sign-in form posted from another site's page would sign the browser in as someone else (login
   * CSRF): the browser's Origin must be this server when it sends one.
   */
  static boolean sameOrigin(HttpServerRequest request) {
    return SameOrigin.check(
        request.getHeader("Sec-Fetch-Site"),
        request.getHeader("Origin"),
        request.getHeader("Referer"),
        request.getHeader("Host"));
  }

  private static NewCookie cookie(String value, int maxAge, HttpServerRequest request) {
    boolean https =
        request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    return new NewCookie.Builder(SignInMechanism.COOKIE)
        .value(value)
        .path("/")
        .maxAge(maxAge)
        .httpOnly(true)
        .secure(https)
        .sameSite(NewCookie.SameSite.STRICT)
        .build();
  }

  private void refused(String why) {
    Counter.builder("millwright.web.signin.refused")
        .description("sign-ins refused (wrong: user or password; throttled: too many failures)")
        .tag("reason", why)
        .register(meters)
        .increment();
  }

  private static Response html(int status, String body) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        .header("Cache-Control", "no-store")
        .entity(body)
        .build();
  }

  /** A name as typed, safe for one log line. */
  private static String printable(String text) {
    String clipped = text.length() > 63 ? text.substring(0, 63) : text;
    return '"' + clipped.replaceAll("[^\\x20-\\x7e]", "?") + '"';
  }
}
