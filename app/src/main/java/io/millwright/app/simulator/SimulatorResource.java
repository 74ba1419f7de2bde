package io.millwright.app.simulator;

import io.millwright.app.Launch;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.simulator.plant.GroundTruth;
import io.millwright.simulator.plant.Plant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Disturbances for the simulated factory: faults, drifting process values, link drops and
 * maintenance, so that alarms, OEE and the UI can be shown (and tested) against a plant that
 * misbehaves on demand. Only where the {@code simulator} role runs.
 */
@Path("/api/v1/simulator/machines")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SimulatorResource {

  /** A fault to inject: one of the fault reason codes 500, 510, 520, 530. */
  public record Fault(Integer code) {}

  /** A drift to start on a numeric process value, in its unit per simulated minute. */
  public record Drift(String tag, Double perMinute) {}

  /** The longest stop injected at once: a day. */
  static final long MAX_STOP_SECONDS = 86_400;

  /** An unplanned stop to inject: its reason code and length. */
  public record Stop(Integer code, Long seconds) {}

  /** A simulated machine with the protocol and endpoint it is served on. */
  public record SimulatedMachine(String id, String name, String protocol, String endpoint) {}

  @GET
  @Operation(summary = "The simulated machines and where they are served")
  public List<SimulatedMachine> list() {
    return served().definitions().stream()
        .map(m -> new SimulatedMachine(m.id(), m.name(), m.protocol().configName(), m.endpoint()))
        .toList();
  }

  @GET
  @Path("/{id}/truth")
  @Operation(
      summary = "What the machine really did since start: time per state and reason, counts",
      description = "The simulator's ground truth, for checking OEE, states and counts against.")
  public GroundTruth truth(@PathParam("id") String id) {
    return plant(id).truth(id);
  }

  @POST
  @RolesAllowed("engineer")
  @Path("/{id}/fault")
  @Operation(summary = "Put the machine into a fault until it is cleared")
  public void injectFault(@PathParam("id") String id, Fault fault) {
    if (fault == null || fault.code() == null) {
      throw new BadRequestException("give the fault's reason code, e.g. {\"code\": 530}");
    }
    plant(id).injectFault(id, fault.code());
  }

  @POST
  @RolesAllowed("engineer")
  @Path("/{id}/stop")
  @Operation(
      summary = "Stop the machine for a while with an unplanned-stop reason",
      description =
          "code: 110, 120, 300, 600 or 610; seconds: how long. Material shortage (110) and no"
              + " operator (120) are reasons the machine cannot sense: it reports the stop without"
              + " a reason, for an operator to classify.")
  public void injectStop(@PathParam("id") String id, Stop stop) {
    if (stop == null || stop.code() == null || stop.seconds() == null) {
      throw new BadRequestException(
          "give the reason code and the length, e.g. {\"code\": 120, \"seconds\": 90}");
    }
    if (stop.seconds() < 1 || stop.seconds() > MAX_STOP_SECONDS) {
      throw new BadRequestException(
          "seconds must be 1 to " + MAX_STOP_SECONDS + ", not " + stop.seconds());
    }
    plant(id).injectStop(id, stop.code(), Duration.ofSeconds(stop.seconds()));
  }

  @DELETE
  @RolesAllowed("engineer")
  @Path("/{id}/fault")
  @Operation(summary = "Clear an injected fault")
  public void clearFault(@PathParam("id") String id) {
    if (!plant(id).clearFault(id)) {
      throw new NotFoundException("machine " + id + " has no injected fault");
    }
  }

  @POST
  @RolesAllowed("engineer")
  @Path("/{id}/drift")
  @Operation(summary = "Make a numeric process value drift until maintenance")
  public void startDrift(@PathParam("id") String id, Drift drift) {
    if (drift == null || drift.tag() == null || drift.perMinute() == null) {
      throw new BadRequestException(
          "give the tag and the rate, e.g. {\"tag\": \"spindle/bearing-temperature\","
              + " \"perMinute\": 0.5}");
    }
    plant(id).startDrift(id, drift.tag(), drift.perMinute());
  }

  @POST
  @RolesAllowed("engineer")
  @Path("/{id}/maintenance")
  @Operation(summary = "Service the machine: drifts and wear reset, a planned stop follows")
  public void maintenance(@PathParam("id") String id) {
    plant(id).maintenance(id);
  }

  @POST
  @RolesAllowed("engineer")
  @Path("/{id}/link-drop")
  @Operation(summary = "Cut the machine's network link: its servers refuse clients until restored")
  public void dropLink(@PathParam("id") String id) {
    plant(id).dropLink(id);
  }

  @DELETE
  @RolesAllowed("engineer")
  @Path("/{id}/link-drop")
  @Operation(summary = "Restore the machine's network link")
  public void restoreLink(@PathParam("id") String id) {
    plant(id).restoreLink(id);
  }

  private static SimulatorRole.SimulatedMachines served() {
    return Launch.current()
        .manager()
        .service(SimulatorRole.MACHINES)
        .orElseThrow(() -> new NotFoundException("this process does not run the simulator role"));
  }

  /** The plant, once the machine is known to be one of it (an unknown id is a 404, not a 400). */
  private static Plant plant(String id) {
    SimulatorRole.SimulatedMachines served = served();
    if (served.definitions().stream().map(MachineDefinition::id).noneMatch(id::equals)) {
      throw new NotFoundException("no simulated machine \"" + id + "\"");
    }
    return served.plant();
  }
}
