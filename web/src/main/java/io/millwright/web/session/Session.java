package io.millwright.web.session;

import io.millwright.web.users.Role;
import java.time.Instant;

/**
 * A signed-in browser: the cookie carries {@code id}; every change it asks for must carry {@code
 * csrf} in the {@code X-CSRF-Token} header, which a page of another site cannot read.
 */
public record Session(String id, String csrf, String user, Role role, Instant created) {

  @Override
  public String toString() {
    return "Session[user=" + user + ", role=" + role + ", created=" + created + "]";
  }
}
