package io.millwright.web.users;

import java.time.Instant;

/** A person who signs in, without the password hash. */
public record User(String name, Role role, boolean disabled, Instant created, Instant changed) {}
