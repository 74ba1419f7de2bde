package io.millwright.app.security;

import io.millwright.app.Launch;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Checks HTTP Basic credentials against the admin credential; users and roles beyond the admin come
 * with the web role.
 */
@ApplicationScoped
public class AdminIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  /** The admin may do everything a lesser role may. */
  static final Set<String> ADMIN_ROLES = Set.of("admin", "engineer", "operator", "viewer");

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    // Hashing is slow on purpose, so it runs off the event loop.
    return context.runBlocking(
        () -> {
          AdminCredential credential =
              Launch.current()
                  .manager()
                  .service(AdminCredentialModule.KEY)
                  .orElseThrow(
                      () -> new AuthenticationFailedException("credentials are not loaded yet"));
          String user = request.getUsername();
          if (!credential.matches(user, new String(request.getPassword().getPassword()))) {
            throw new AuthenticationFailedException("wrong user or password");
          }
          return QuarkusSecurityIdentity.builder()
              .setPrincipal(new QuarkusPrincipal(user))
              .addRoles(ADMIN_ROLES)
              .build();
        });
  }
}
