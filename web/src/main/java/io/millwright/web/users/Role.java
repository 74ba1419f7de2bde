package io.millwright.web.users;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a person may do, each role including the ones below it: a viewer reads; an operator also
 * acknowledges and shelves alarms and runs jobs; an engineer also edits machines and alarm
 * definitions; an admin also manages users.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ENGINEER,
  ADMIN;

  /** The name in the API, the configuration and {@code @RolesAllowed}: {@code operator}. */
  @JsonValue
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** This role's name and every lesser role's, as the security layer checks them. */
  public Set<String> grants() {
    Set<String> names = new TreeSet<>();
    for (Role r : values()) {
      if (r.ordinal() <= ordinal()) {
        names.add(r.apiName());
      }
    }
    return Set.copyOf(names);
  }

  public boolean includes(Role other) {
    return ordinal() >= other.ordinal();
  }

  public static Optional<Role> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Role r : values()) {
      if (r.apiName().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
