package io.millwright.app.machines;

import io.millwright.app.Launch;
import io.millwright.app.role.RoleCatalog;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.host.ConnectorHost;
import io.millwright.connect.host.MachineStatus;
import io.millwright.connect.opcua.BrowseException;
import io.millwright.connect.opcua.BrowsedNode;
import io.millwright.connect.opcua.OpcUaBrowser;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The machines this process connects, with their protocol, endpoint and link status. */
@Path("/api/v1/machines")
@Produces(MediaType.APPLICATION_JSON)
public class MachinesResource {

  /** One machine as the API shows it. */
  public record Machine(
      String id,
      String name,
      String area,
      String line,
      String protocol,
      String endpoint,
      String status,
      String lastError,
      Instant lastGoodRead,
      Double roundTripMs,
      long samples,
      long readErrors,
      long writeErrors,
      long reconnects,
      int tagCount) {}

  /** One tag of a machine's definition. */
  public record TagInfo(
      String name, String address, String type, String unit, boolean writable, double deadband) {}

  /** A machine with its tags. */
  public record MachineDetail(Machine machine, List<TagInfo> tags) {}

  @GET
  @Operation(summary = "Every machine this process connects, with its link status")
  public List<Machine> list() {
    return host().machines().stream().map(MachinesResource::toApi).toList();
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One machine with its link status and its tags")
  public MachineDetail get(@PathParam("id") String id) {
    MachineStatus status =
        host().machines().stream()
            .filter(m -> m.machine().id().equals(id))
            .findFirst()
            .orElseThrow(() -> new NotFoundException("no machine \"" + id + "\" here"));
    List<TagInfo> tags = status.machine().tags().stream().map(MachinesResource::toApi).toList();
    return new MachineDetail(toApi(status), tags);
  }

  /**
   * What to browse: an OPC UA server, its connection options (as in a machine definition) and the
   * node whose children to list (the Objects folder when absent).
   */
  public record BrowseRequest(String endpoint, Map<String, String> options, String nodeId) {}

  @POST
  @Path("/browse")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "List the children of a node of an OPC UA server, to find a machine's tags",
      description =
          "Connects with the same options and client certificate as the connectors; at most "
              + OpcUaBrowser.MAX_CHILDREN
              + " children per call. 400 for a bad endpoint or option, 502 when the server cannot"
              + " be reached or refuses.")
  public List<BrowsedNode> browse(BrowseRequest request) {
    if (request == null || request.endpoint() == null || request.endpoint().isBlank()) {
      throw new BadRequestException(
          "give the server, e.g. {\"endpoint\": \"opc.tcp://10.0.0.31:4840\"}");
    }
    java.nio.file.Path pki =
        Launch.current()
            .config()
            .dataDirectory()
            .resolve(RoleCatalog.CONNECTORS)
            .resolve(ConnectorsRole.PKI);
    try {
      return new OpcUaBrowser(pki)
          .browse(
              request.endpoint(),
              request.options() == null ? Map.of() : request.options(),
              Optional.ofNullable(request.nodeId()));
    } catch (DefinitionException e) {
      throw new BadRequestException(e.getMessage());
    } catch (BrowseException e) {
      throw new WebApplicationException(e.getMessage(), Response.Status.BAD_GATEWAY);
    }
  }

  private static ConnectorHost host() {
    return Launch.current()
        .manager()
        .service(ConnectorsRole.HOST)
        .orElseThrow(() -> new NotFoundException("this process does not run the connectors role"));
  }

  private static Machine toApi(MachineStatus status) {
    MachineDefinition m = status.machine();
    ConnectorStats s = status.stats();
    return new Machine(
        m.id(),
        m.name(),
        m.area(),
        m.line(),
        m.protocol().configName(),
        withoutCredentials(m.endpoint()),
        s.status().apiName(),
        s.lastError(),
        s.lastGoodRead().orElse(null),
        s.roundTrip().map(d -> d.toNanos() / 1e6).orElse(null),
        s.samples(),
        s.readErrors(),
        s.writeErrors(),
        s.reconnects(),
        m.tags().size());
  }

  private static TagInfo toApi(Tag tag) {
    return new TagInfo(
        tag.name(),
        tag.address(),
        tag.type().configName(),
        tag.unit(),
        tag.writable(),
        tag.deadband());
  }

  private static final Pattern USER_INFO = Pattern.compile("(//)[^/@?#]*@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)((?:password|pwd)=)[^&;]*");

  /** An endpoint may carry a user and password (a JDBC URL, say); the API never shows them. */
  static String withoutCredentials(String endpoint) {
    String out = USER_INFO.matcher(endpoint).replaceFirst("$1***@");
    return PASSWORD_PARAMETER.matcher(out).replaceAll("$1***");
  }
}
