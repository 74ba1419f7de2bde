package io.millwright.app.security;

import io.millwright.app.Launch;
import io.millwright.app.web.SignInModule;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks an API token ({@code Authorization: Bearer mwt_…}): the identity of its user. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(
        () ->
            Launch.current()
                .manager()
                .service(SignInModule.KEY)
                .flatMap(s -> s.users().authenticateToken(request.getToken().getToken()))
                .map(UserIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked token")));
  }
}
