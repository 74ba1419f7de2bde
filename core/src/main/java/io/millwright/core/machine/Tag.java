package io.millwright.core.machine;

import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import java.time.Duration;
import java.util.Optional;

/**
 * A named point of a machine: the tag path below the machine ({@code spindle/speed}), the raw
 * address the connector reads ({@code holding:0}, {@code ns=2;s=Press.Force}, {@code
 * %DB1.DBD0:REAL}), its data type and how to condition it.
 *
 * @param name tag path below the machine; the Sparkplug metric name
 * @param address protocol-specific address; its syntax is checked by the machine's connector
 * @param unit engineering unit, empty when there is none
 * @param deadband report-by-exception threshold in engineering units, 0 reports every change
 * @param samplingInterval this tag's own rate, empty to use the machine's
 */
public record Tag(
    String name,
    String address,
    DataType type,
    String unit,
    Scale scale,
    double deadband,
    Optional<Duration> samplingInterval,
    boolean writable) {

  /** Addresses are short in every protocol we know; anything longer is a pasted mistake. */
  static final int MAX_ADDRESS_LENGTH = 512;

  public Tag {
    try {
      Names.requireTagPath("tag name", name);
    } catch (InvalidNameException e) {
      throw new DefinitionException("name", e.getMessage());
    }
    if (address == null || address.isBlank()) {
      throw new DefinitionException("address", "is missing");
    }
    if (address.length() > MAX_ADDRESS_LENGTH) {
      throw new DefinitionException(
          "address",
          "is " + address.length() + " characters long; the limit is " + MAX_ADDRESS_LENGTH);
    }
    if (address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new DefinitionException("address", "contains a control character");
    }
    if (type == null) {
      throw new DefinitionException("type", "is missing; use one of " + DataType.names());
    }
    unit = unit == null ? "" : unit.strip();
    scale = scale == null ? Scale.IDENTITY : scale;
    if (!scale.isIdentity() && !type.isNumeric()) {
      throw new DefinitionException(
          "scale", "applies only to numeric types, and this tag is " + type.configName());
    }
    if (!Double.isFinite(deadband) || deadband < 0) {
      throw new DefinitionException(
          "deadband", "must be a finite number of 0 or more, not " + deadband);
    }
    if (deadband > 0 && !type.isNumeric()) {
      throw new DefinitionException(
          "deadband", "applies only to numeric types, and this tag is " + type.configName());
    }
    samplingInterval = samplingInterval == null ? Optional.empty() : samplingInterval;
    samplingInterval.ifPresent(d -> MachineDefinition.checkInterval("samplingInterval", d));
  }

  /**
   * A read-only tag with no scaling, deadband or own rate; the common case in tests and simulators.
   */
  public static Tag of(String name, String address, DataType type) {
    return new Tag(name, address, type, "", Scale.IDENTITY, 0, Optional.empty(), false);
  }
}
