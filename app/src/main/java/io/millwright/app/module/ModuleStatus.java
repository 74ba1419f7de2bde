package io.millwright.app.module;

import java.time.Duration;
import java.time.Instant;

/**
 * A module as probes, metrics and the system API see it.
 *
 * @param startDuration how long start took, null until started
 * @param since when it started running, null until then
 * @param failure why it failed, null unless it did
 */
public record ModuleStatus(
    String name,
    String description,
    boolean role,
    ModuleState state,
    Health health,
    Duration startDuration,
    Instant since,
    String failure) {}
