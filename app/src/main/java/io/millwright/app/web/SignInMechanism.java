package io.millwright.app.web;

import io.millwright.app.Launch;
import io.millwright.web.session.Session;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.PasswordCredential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The one way into the HTTP server: a browser's session cookie, an API token ({@code Bearer mwt_…})
 * or HTTP Basic for scripts. Without any, a page request is sent to the sign-in page and an API
 * request gets 401; the Basic challenge goes only to clients that are not our own pages, because a
 * browser would answer it with its own password dialog.
 */
@ApplicationScoped
public class SignInMechanism implements HttpAuthenticationMechanism {

  public static final String COOKIE = "mw_session";

  /** The identity attribute holding the {@link Session} a request came with. */
  public static final String SESSION = "millwright.session";

  /** Our pages send it on every call, so an expired session does not open a Basic dialog. */
  public static final String UI_HEADER = "X-Millwright-UI";

  @Override
  public Uni<SecurityIdentity> authenticate(
      RoutingContext context, IdentityProviderManager identities) {
    String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null) {
      if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        return basic(authorization.substring(6).trim())
            .map(request -> identities.authenticate(request))
            .orElseGet(
                () ->
                    Uni.createFrom()
                        .failure(new AuthenticationFailedException("malformed Basic header")));
      }
      if (authorization.regionMatches(true, 0, "Bearer mwt_", 0, 11)) {
        return identities.authenticate(
            new TokenAuthenticationRequest(
                new TokenCredential(authorization.substring(7).trim(), "bearer")));
      }
      // Any other bearer token (a site's publisher) is checked by the resource it is for.
      return Uni.createFrom().nullItem();
    }
    Cookie cookie = context.request().getCookie(COOKIE);
    if (cookie != null) {
      Optional<Session> session =
          Launch.current()
              .manager()
              .service(SignInModule.KEY)
              .flatMap(s -> s.sessions().find(cookie.getValue()));
      if (session.isPresent()) {
        Session s = session.get();
        return Uni.createFrom()
            .item(
                QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(s.user()))
                    .addRoles(s.role().grants())
                    .addAttribute(SESSION, s)
                    .build());
      }
    }
    return Uni.createFrom().nullItem();
  }

  private static Optional<AuthenticationRequest> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new UsernamePasswordAuthenticationRequest(
            decoded.substring(0, colon),
            new PasswordCredential(decoded.substring(colon + 1).toCharArray())));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    if (isPageRequest(context)) {
      String target = context.request().uri();
      return Uni.createFrom()
          .item(
              new ChallengeData(
                  302,
                  HttpHeaders.LOCATION,
                  "/login?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8)));
    }
    boolean ourPage =
        context.request().getHeader(UI_HEADER) != null
            || context.request().getCookie(COOKIE) != null
            || accepts(context, "text/event-stream");
    return Uni.createFrom()
        .item(
            ourPage
                ? new ChallengeData(401)
                : new ChallengeData(401, "WWW-Authenticate", "Basic realm=\"Millwright\""));
  }

  /** A browser navigating to a page (not the API, not health or metrics, not an asset). */
  static boolean isPageRequest(RoutingContext context) {
    String path = context.normalizedPath();
    return context.request().method() == HttpMethod.GET
        && !path.startsWith("/api/")
        && !path.startsWith("/q/")
        && accepts(context, "text/html");
  }

  private static boolean accepts(RoutingContext context, String type) {
    String accept = context.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains(type);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(UsernamePasswordAuthenticationRequest.class, TokenAuthenticationRequest.class);
  }
}
