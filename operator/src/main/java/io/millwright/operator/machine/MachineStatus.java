package io.millwright.operator.machine;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator knows of a machine: its validity, its connector, and the connector's health.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MachineStatus {

  /** Pending, Running, Disconnected or Invalid. */
  @PrinterColumn(name = "Phase")
  public String phase;

  /** Why the phase is what it is, e.g. the validation error of an Invalid machine. */
  public String message;

  /** The Deployment running this machine's connector. */
  public String connector;

  @PrinterColumn(name = "Connected")
  public Boolean connected;

  /** ISO-8601 time of the last good read the connector reported. */
  public String lastSample;

  public Double samplesPerSecond;

  public Long observedGeneration;

  public List<Condition> conditions = new ArrayList<>();
}
