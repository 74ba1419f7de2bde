package io.millwright.web.users;

import java.time.Instant;

/** One change to users or tokens: who did what to whom, when. */
public record AuditEntry(long seq, Instant at, String actor, String action, String subject) {}
