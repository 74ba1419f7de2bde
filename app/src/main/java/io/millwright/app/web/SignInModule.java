package io.millwright.app.web;

import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.role.DataDirectoryModule;
import io.millwright.web.session.SessionStore;
import io.millwright.web.session.SignInGuard;
import io.millwright.web.users.UserStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Users, API tokens and sign-in sessions, in every process that serves HTTP: the REST API and the
 * pages of any role are signed in to the same way. The users live in {@code <data>/users/}, per
 * process; the initial admin ({@code MILLWRIGHT_ADMIN_PASSWORD}) works everywhere.
 */
public final class SignInModule implements Module {

  public static final Key<SignIn> KEY = Key.of("sign-in", SignIn.class);
  static final Duration GUESS_WINDOW = Duration.ofMinutes(15);

  private UserStore users;

  @Override
  public void start(ModuleContext context) throws IOException {
    Clock clock = Clock.systemUTC();
    users =
        UserStore.open(
            context.require(DataDirectoryModule.KEY).forRole("users").resolve("users"), clock);
    context.provide(
        KEY,
        new SignIn(
            users,
            new SessionStore(clock, SessionStore.DEFAULT_IDLE, SessionStore.DEFAULT_LIFETIME),
            new SignInGuard(clock, GUESS_WINDOW)));
  }

  @Override
  public void stop() {
    if (users != null) {
      users.close();
    }
  }
}
