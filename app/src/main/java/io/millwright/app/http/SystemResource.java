package io.millwright.app.http;

import io.millwright.app.Launch;
import io.millwright.app.Version;
import io.millwright.app.module.ModuleStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What this process is and runs: the page an SRE opens first, and what the UI shows in its footer.
 */
@Path("/api/v1/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

  /** One module as the API shows it. */
  public record Module(
      String name,
      String description,
      String kind,
      String state,
      boolean live,
      boolean ready,
      String detail,
      Instant since) {}

  public record SystemInfo(String version, List<String> roles, List<Module> modules) {}

  @GET
  @Operation(summary = "Version, requested roles and the state of every module of this process")
  public SystemInfo get() {
    Launch launch = Launch.current();
    List<Module> modules = launch.manager().status().stream().map(SystemResource::toApi).toList();
    return new SystemInfo(Version.current(), launch.config().roles(), modules);
  }

  private static Module toApi(ModuleStatus s) {
    return new Module(
        s.name(),
        s.description(),
        s.role() ? "role" : "internal",
        s.state().name().toLowerCase(),
        s.health().live(),
        s.health().ready(),
        s.failure() != null ? s.failure() : s.health().detail(),
        s.since());
  }
}
