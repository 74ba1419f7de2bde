package io.millwright.app.machines;

import io.millwright.app.Launch;
import io.millwright.app.config.MachineDefinitions.FieldError;
import io.millwright.app.config.ManagedMachines;
import io.millwright.app.http.ProblemDetails;
import io.millwright.app.role.RoleCatalog;
import io.millwright.app.web.WebRole;
import io.millwright.connect.ConnectorStats;
import io.millwright.connect.host.ConnectorHost;
import io.millwright.connect.host.MachineStatus;
import io.millwright.connect.opcua.BrowseException;
import io.millwright.connect.opcua.BrowsedNode;
import io.millwright.connect.opcua.OpcUaBrowser;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The machines this process connects, with their protocol, endpoint and link status; engineers add,
 * change and delete them here while the process runs (docs/machines.md).
 */
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
      String name,
      String address,
      String type,
      String unit,
      boolean writable,
      double deadband,
      io.millwright.core.machine.Scale scale,
      String samplingInterval) {}

  /**
   * A machine with its tags, its protocol options and poll interval: what an edit form needs to
   * send the whole definition back. A password option reads {@value #MASK}; sent back as such, a
   * change keeps the stored one (so does an endpoint sent back with its credentials masked).
   */
  public record MachineDetail(
      Machine machine, List<TagInfo> tags, Map<String, String> options, String pollInterval) {}

  static final String MASK = "***";

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
        find(host(), id).orElseThrow(() -> new NotFoundException("no machine \"" + id + "\" here"));
    MachineDefinition m = status.machine();
    List<TagInfo> tags = m.tags().stream().map(MachinesResource::toApi).toList();
    Map<String, String> options = new java.util.TreeMap<>(m.options());
    options.replaceAll((k, v) -> secret(k) ? MASK : v);
    return new MachineDetail(toApi(status), tags, options, m.pollInterval().toMillis() + "ms");
  }

  /**
   * What to browse: an OPC UA server, its connection options (as in a machine definition) and the
   * node whose children to list (the Objects folder when absent).
   */
  public record BrowseRequest(String endpoint, Map<String, String> options, String nodeId) {}

  @Inject MachineMetrics metrics;

  /** The answer to a valid definition sent to {@code /validate}. */
  public record Validated(boolean valid, String id, int tagCount) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("engineer")
  @Operation(
      summary = "Add a machine and connect it at once",
      description =
          "The body is one machine entry of the configuration file, as JSON. Kept in"
              + " <data>/connectors/machines.yaml across restarts. 400 (problem details with an"
              + " errors list of field and message) for a definition the configuration file would"
              + " refuse; 409 when a machine has that id.")
  public Response add(String body, @Context SecurityContext security, @Context UriInfo uri) {
    MachineValidation.Outcome outcome = validate(body);
    if (!outcome.valid()) {
      return invalid(outcome.errors(), uri);
    }
    MachineDefinition machine = outcome.machine();
    ConnectorHost host = host();
    ManagedMachines managed = managed();
    synchronized (managed) {
      if (find(host, machine.id()).isPresent()) {
        throw new WebApplicationException(
            "a machine \"" + machine.id() + "\" exists already; change it with PUT",
            Response.Status.CONFLICT);
      }
      managed.put(outcome.tree(), machine);
      host.apply(machine);
      metrics.machine(host, machine);
      WebRole.follow(machine);
    }
    LOG.info(() -> user(security) + " added the machine " + machine.id());
    return Response.created(uri.getAbsolutePathBuilder().path(machine.id()).build())
        .entity(get(machine.id()))
        .build();
  }

  @PUT
  @Path("/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("engineer")
  @Operation(
      summary = "Change a machine: its connector restarts and its device is born again",
      description =
          "The body is the whole new definition; its id must be the one in the path. The machine's"
              + " device dies (DDEATH) and is born again with the new tags. 404 for an unknown"
              + " machine.")
  public Response edit(
      @PathParam("id") String id,
      String body,
      @Context SecurityContext security,
      @Context UriInfo uri) {
    MachineValidation.Outcome outcome =
        validate(find(host(), id).map(s -> keepSecrets(body, s.machine())).orElse(body));
    if (!outcome.valid()) {
      return invalid(outcome.errors(), uri);
    }
    MachineDefinition machine = outcome.machine();
    if (!machine.id().equals(id)) {
      return invalid(
          List.of(
              new FieldError(
                  "id",
                  "must be the id in the path, \""
                      + id
                      + "\"; to rename a machine, delete it and add it under the new id")),
          uri);
    }
    ConnectorHost host = host();
    ManagedMachines managed = managed();
    synchronized (managed) {
      if (find(host, id).isEmpty()) {
        throw new NotFoundException("no machine \"" + id + "\" here");
      }
      managed.put(outcome.tree(), machine);
      host.apply(machine);
      metrics.machine(host, machine);
      WebRole.follow(machine);
    }
    LOG.info(() -> user(security) + " changed the machine " + id);
    return Response.ok(get(id)).build();
  }

  @DELETE
  @Path("/{id}")
  @RolesAllowed("engineer")
  @Operation(
      summary = "Stop connecting a machine",
      description =
          "Its connector closes and its device dies (DDEATH). A machine of the configuration file"
              + " stays deleted across restarts. 404 for an unknown machine.")
  public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
    ConnectorHost host = host();
    ManagedMachines managed = managed();
    synchronized (managed) {
      if (find(host, id).isEmpty()) {
        throw new NotFoundException("no machine \"" + id + "\" here");
      }
      managed.delete(id, configured().defines(id));
      host.remove(id);
      metrics.removeMachine(id);
      WebRole.forget(id);
    }
    LOG.info(() -> user(security) + " deleted the machine " + id);
    return Response.noContent().build();
  }

  @POST
  @Path("/validate")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("engineer")
  @Operation(
      summary = "Check a machine definition without applying it",
      description =
          "The configuration file's rules and the protocol's own checks (addresses, options). 400"
              + " (problem details with an errors list of field and message) when it would be"
              + " refused.")
  public Response validate(String body, @Context SecurityContext security, @Context UriInfo uri) {
    MachineValidation.Outcome outcome = validate(body);
    LOG.info(
        () ->
            user(security)
                + " validated a machine definition: "
                + (outcome.valid() ? "valid" : outcome.errors().size() + " error(s)"));
    if (!outcome.valid()) {
      return invalid(outcome.errors(), uri);
    }
    return Response.ok(new Validated(true, outcome.machine().id(), outcome.machine().tags().size()))
        .build();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /**
   * The body with the stored password and endpoint credentials where it sends them back masked, as
   * {@link #get} shows them; anything else (not JSON, other values) is left to the validation.
   */
  static String keepSecrets(String body, MachineDefinition stored) {
    try {
      if (!(JSON.readTree(body) instanceof com.fasterxml.jackson.databind.node.ObjectNode tree)) {
        return body;
      }
      boolean changed = false;
      if (tree.path("endpoint").isTextual()
          && !stored.endpoint().equals(withoutCredentials(stored.endpoint()))
          && tree.get("endpoint").asText().equals(withoutCredentials(stored.endpoint()))) {
        tree.put("endpoint", stored.endpoint());
        changed = true;
      }
      if (tree.path("options") instanceof com.fasterxml.jackson.databind.node.ObjectNode options) {
        for (Map.Entry<String, String> o : stored.options().entrySet()) {
          if (secret(o.getKey())
              && options.path(o.getKey()).isTextual()
              && options.get(o.getKey()).asText().equals(MASK)) {
            options.put(o.getKey(), o.getValue());
            changed = true;
          }
        }
      }
      return changed ? JSON.writeValueAsString(tree) : body;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return body;
    }
  }

  /** Options that hold a secret: {@code password}, {@code trustStorePassword} (MQTT devices). */
  static boolean secret(String option) {
    return option.toLowerCase(java.util.Locale.ROOT).endsWith("password");
  }

  private static MachineValidation.Outcome validate(String body) {
    return MachineValidation.validate(body, Connectors.definitionCheck());
  }

  /** 400 as problem details with the errors, field by field, for a form to show. */
  private static Response invalid(List<FieldError> errors, UriInfo uri) {
    String detail =
        errors.size() == 1
            ? (errors.getFirst().field().isEmpty()
                ? errors.getFirst().message()
                : errors.getFirst().field() + ": " + errors.getFirst().message())
            : errors.size() + " problems with the machine definition";
    return ProblemDetails.invalid(
        detail,
        errors.stream().map(e -> new ProblemDetails.FieldError(e.field(), e.message())).toList(),
        uri.getPath());
  }

  private static final Logger LOG = Logger.getLogger(MachinesResource.class.getName());

  private static String user(SecurityContext security) {
    Principal principal = security == null ? null : security.getUserPrincipal();
    return "user " + (principal == null ? "(anonymous)" : principal.getName());
  }

  private static Optional<MachineStatus> find(ConnectorHost host, String id) {
    return host.machines().stream().filter(m -> m.machine().id().equals(id)).findFirst();
  }

  private static ManagedMachines managed() {
    return Launch.current()
        .manager()
        .service(ConnectorsRole.MANAGED)
        .orElseThrow(() -> new NotFoundException("this process does not run the connectors role"));
  }

  private static ConnectorsRole.ConfiguredMachines configured() {
    return Launch.current()
        .manager()
        .service(ConnectorsRole.CONFIGURED)
        .orElseThrow(() -> new NotFoundException("this process does not run the connectors role"));
  }

  @POST
  @Path("/browse")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed("engineer")
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
        tag.deadband(),
        tag.scale().equals(io.millwright.core.machine.Scale.IDENTITY) ? null : tag.scale(),
        tag.samplingInterval().map(d -> d.toMillis() + "ms").orElse(null));
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
