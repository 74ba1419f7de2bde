package io.millwright.web.users;

import java.time.Instant;
import java.util.Optional;

/** An API token as listed: never its secret, which is shown once when made. */
public record ApiToken(
    String id, String user, String label, Instant created, Optional<Instant> lastUsed) {}
