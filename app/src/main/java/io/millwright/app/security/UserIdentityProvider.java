package io.millwright.app.security;

import io.millwright.app.Launch;
import io.millwright.app.web.SignInModule;
import io.millwright.web.users.Role;
import io.millwright.web.users.User;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Checks a user name and password (HTTP Basic, the sign-in form): the initial admin against its
 * credential, everyone else against the users store. The identity carries the user's role and every
 * lesser one, so {@code @RolesAllowed("operator")} lets engineers and admins through as well.
 */
@ApplicationScoped
public class UserIdentityProvider
    implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

  @Override
  public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
    return UsernamePasswordAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
    // Hashing is slow on purpose, so it runs off the event loop.
    return context.runBlocking(
        () ->
            check(request.getUsername(), new String(request.getPassword().getPassword()))
                .map(UserIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("wrong user or password")));
  }

  /** The user these credentials belong to, if they do. Blocks: PBKDF2. */
  public static Optional<User> check(String name, String password) {
    var manager = Launch.current().manager();
    if (AdminCredential.USER.equals(name)) {
      AdminCredential credential =
          manager
              .service(AdminCredentialModule.KEY)
              .orElseThrow(
                  () -> new AuthenticationFailedException("credentials are not loaded yet"));
      return credential.matches(name, password)
          ? Optional.of(new User(name, Role.ADMIN, false, null, null))
          : Optional.empty();
    }
    return manager
        .service(SignInModule.KEY)
        .flatMap(signIn -> signIn.users().authenticate(name, password));
  }

  public static SecurityIdentity identity(User user) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user.name()))
        .addRoles(user.role().grants())
        .build();
  }
}
