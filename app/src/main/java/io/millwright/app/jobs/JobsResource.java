package io.millwright.app.jobs;

import io.millwright.app.Launch;
import io.millwright.app.http.ProblemDetails;
import io.millwright.jobs.book.DeadLetter;
import io.millwright.jobs.book.ImportOutcome;
import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.JobBook;
import io.millwright.jobs.book.JobStatus;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.erp.json.FieldNames;
import io.millwright.jobs.erp.json.OrderJson;
import io.millwright.jobs.erp.json.UnreadableBodyException;
import io.millwright.jobs.live.JobService;
import io.millwright.jobs.live.JobViews;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Production jobs: the list and each job's journal, what planners and operators do with them
 * (release, dispatch, pause, resume, complete, abort, reorder a queue), the machines' queues, the
 * ERP sync status, its dead letters, and the webhook an ERP may push orders to. Every action is
 * journaled with the signed-in user.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

  static final int MAX_REASON = 1_000;
  static final int MAX_LIST = 5_000;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  @Inject SecurityIdentity identity;

  /** A reason for the journal. */
  public record Note(String reason) {}

  /** Where to release a job: a machine, or none to let the site choose. */
  public record Release(String machine) {}

  /** A machine's queue in its new order. */
  public record Queue(List<Long> jobs) {}

  @GET
  @Operation(
      summary = "Jobs, newest first",
      description =
          "status (a comma list: imported, released, dispatched, running, paused, completed,"
              + " aborted) and machine narrow the list; limit caps it (default 500).")
  public List<Map<String, Object>> list(
      @QueryParam("status") String status,
      @QueryParam("machine") String machine,
      @QueryParam("limit") Integer limit) {
    List<JobStatus> statuses = statuses(status);
    int max = limit == null ? 500 : limit;
    if (max < 1 || max > MAX_LIST) {
      throw new BadRequestException("limit must be from 1 to " + MAX_LIST);
    }
    return read(
        b -> {
          List<Map<String, Object>> out = new ArrayList<>();
          Map<String, Map<Long, Integer>> positions = new HashMap<>();
          for (Job j : b.jobs()) {
            if ((statuses.isEmpty() || statuses.contains(j.status()))
                && (machine == null || j.machine().equals(Optional.of(machine)))) {
              out.add(JobViews.job(j, position(b, j, positions)));
              if (out.size() >= max) {
                break;
              }
            }
          }
          return out;
        });
  }

  @GET
  @Path("/{id}")
  @Operation(summary = "One job with its journal and what the ERP was told")
  public Map<String, Object> one(@PathParam("id") long id) {
    Map<String, Object> job =
        read(
            b -> {
              Job j = b.job(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
              return JobViews.job(j, position(b, j, new HashMap<>()));
            });
    Map<String, Object> out = new LinkedHashMap<>(job);
    JobService s = service();
    journaled(
        () -> {
          out.put("history", s.journal().history(id).stream().map(JobViews::transition).toList());
          out.put("erp", s.journal().told((String) job.get("orderNumber")));
          return null;
        });
    return out;
  }

  @POST
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Adds a job by hand (201), as if the ERP had sent the order",
      description =
          "The body is an order as the ERP sends it. An order the site cannot run answers 400"
              + " with the reason; the same order again answers 200 with its job.")
  public Response create(String body) {
    ErpOrder order = parseOne(body);
    String user = user();
    ImportOutcome outcome =
        run(
            b -> {
              // Checked first: a person's typo is theirs to fix, not a dead letter for the ERP,
              // and a job of the ERP's is changed in the ERP, not here.
              b.rules().candidates(order);
              Optional<Job> known = b.job(order.key());
              if (known.isPresent() && !known.get().order().equals(JobBook.asJournaled(order))) {
                throw new IllegalStateException(
                    "order "
                        + order.key()
                        + " is job "
                        + known.get().id()
                        + " already, with other content; change it where it came from ("
                        + known.get().source()
                        + ")");
              }
              return b.importOrder(order, "api:" + user, System.currentTimeMillis());
            });
    return switch (outcome) {
      case ImportOutcome.Created c -> Response.status(201).entity(JobViews.job(c.job(), 0)).build();
      case ImportOutcome.Duplicate d -> Response.ok(JobViews.job(d.job(), 0)).build();
      case ImportOutcome.Updated u -> Response.ok(JobViews.job(u.job(), 0)).build();
      case ImportOutcome.Rejected r ->
          throw new ClientErrorException(r.reason(), Response.Status.CONFLICT);
    };
  }

  @POST
  @RolesAllowed("operator")
  @Path("/{id}/release")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Puts an imported job into a machine's queue (the site picks one if none is given)")
  public Map<String, Object> release(@PathParam("id") long id, Release body) {
    Optional<String> machine =
        Optional.ofNullable(body == null ? null : body.machine()).filter(m -> !m.isBlank());
    String user = user();
    return view(run(b -> b.release(id, machine, user, System.currentTimeMillis())));
  }

  @POST
  @RolesAllowed("operator")
  @Path("/{id}/dispatch")
  @Operation(
      summary = "Sends a queued job to its machine now (409 when the machine is busy or offline)",
      description =
          "Answers once the job is written; its status turns dispatched when the machine reads"
              + " it back.")
  public Map<String, Object> dispatch(@PathParam("id") long id) {
    String user = user();
    return view(run(b -> b.dispatch(id, user, System.currentTimeMillis())));
  }

  @POST
  @RolesAllowed("operator")
  @Path("/{id}/pause")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Pauses a job on its machine; the machine is told it has no job")
  public Map<String, Object> pause(@PathParam("id") long id, Note body) {
    String reason = reason(body, false);
    String user = user();
    return view(run(b -> b.pause(id, user, reason, System.currentTimeMillis())));
  }

  @POST
  @RolesAllowed("operator")
  @Path("/{id}/resume")
  @Operation(summary = "Sends a paused job back to its machine for the parts still to make")
  public Map<String, Object> resume(@PathParam("id") long id) {
    String user = user();
    return view(run(b -> b.resume(id, user, System.currentTimeMillis())));
  }

  @POST
  @RolesAllowed("operator")
  @Path("/{id}/complete")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Closes a job with the parts made so far")
  public Map<String, Object> complete(@PathParam("id") long id, Note body) {
    String reason = reason(body, false);
    String user = user();
    return view(run(b -> b.complete(id, user, reason, System.currentTimeMillis())));
  }

  @POST
  @RolesAllowed("operator")
  @Path("/{id}/abort")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Cancels a job (a reason is required; the ERP is told)")
  public Map<String, Object> abort(@PathParam("id") long id, Note body) {
    String reason = reason(body, true);
    String user = user();
    return view(run(b -> b.abort(id, user, reason, System.currentTimeMillis())));
  }

  @GET
  @Path("/machines")
  @Operation(summary = "Each machine: online, its current job and its queue")
  public List<Map<String, Object>> machines() {
    return read(
        b -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (String m : b.rules().machines().keySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("machine", m);
            row.put("online", b.online(m));
            row.put("current", b.occupant(m).map(j -> JobViews.job(j, 0)).orElse(null));
            List<Map<String, Object>> queue = new ArrayList<>();
            List<Job> q = b.queue(m);
            for (int i = 0; i < q.size(); i++) {
              queue.add(JobViews.job(q.get(i), i + 1));
            }
            row.put("queue", queue);
            out.add(row);
          }
          return out;
        });
  }

  @PUT
  @RolesAllowed("operator")
  @Path("/machines/{machine}/queue")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Reorders a machine's queue: the body lists every queued job once")
  public List<Map<String, Object>> reorder(@PathParam("machine") String machine, Queue body) {
    if (body == null || body.jobs() == null) {
      throw new BadRequestException("jobs is missing: list the machine's queued job ids in order");
    }
    if (body.jobs().contains(null)) {
      throw new BadRequestException("jobs lists a null; list the machine's queued job ids");
    }
    List<Long> ids = List.copyOf(body.jobs());
    String user = user();
    List<Job> q = run(b -> b.reorder(machine, ids, user, System.currentTimeMillis()));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < q.size(); i++) {
      out.add(JobViews.job(q.get(i), i + 1));
    }
    return out;
  }

  @GET
  @Path("/erp")
  @Operation(summary = "The ERP sync: each direction's state, last error, next attempt, backlog")
  public Object erpStatus() {
    JobsRole.Erp erp = erp();
    return erp.status()
        .<Object>map(s -> s)
        .orElse(Map.of("erp", "none: jobs come only through this API"));
  }

  @POST
  @RolesAllowed("engineer")
  @Path("/erp/orders")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The ERP's webhook: orders pushed instead of (or besides) polled",
      description =
          "The body is one order, a list of orders or {\"orders\": [...]}. Answers 202 with"
              + " each order's outcome; orders the site cannot take become dead letters and the"
              + " ERP is told, as for polled ones.")
  public Response push(String body) {
    if (!erp().webhook()) {
      throw new NotFoundException("this site takes no pushed orders (jobs.erp.webhook is off)");
    }
    List<Incoming> entries;
    try {
      entries = OrderJson.readOrders(body == null ? "" : body, FieldNames.DEFAULT);
    } catch (UnreadableBodyException e) {
      throw new BadRequestException(e.getMessage());
    }
    List<ImportOutcome> outcomes = await(service().importOrders(entries, "webhook"));
    List<Map<String, Object>> out = new ArrayList<>();
    for (ImportOutcome o : outcomes) {
      Map<String, Object> row = new LinkedHashMap<>();
      switch (o) {
        case ImportOutcome.Created c -> {
          row.put("outcome", "created");
          row.put("job", c.job().id());
        }
        case ImportOutcome.Duplicate d -> {
          row.put("outcome", "duplicate");
          row.put("job", d.job().id());
        }
        case ImportOutcome.Updated u -> {
          row.put("outcome", "updated");
          row.put("job", u.job().id());
        }
        case ImportOutcome.Rejected r -> {
          row.put("outcome", "rejected");
          row.put("reason", r.reason());
        }
      }
      out.add(row);
    }
    return Response.accepted(out).build();
  }

  @GET
  @Path("/dead-letters")
  @Operation(
      summary = "Orders the site could not take and confirmations the ERP refused, newest first")
  public List<Map<String, Object>> deadLetters(@QueryParam("limit") Integer limit) {
    int max = limit == null ? 500 : limit;
    if (max < 1 || max > MAX_LIST) {
      throw new BadRequestException("limit must be from 1 to " + MAX_LIST);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (DeadLetter d : journaled(() -> service().journal().deadLetters(max))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", d.id());
      m.put("at", java.time.Instant.ofEpochMilli(d.at()).toString());
      m.put("direction", d.direction());
      m.put("source", d.source());
      m.put("reference", d.reference());
      m.put("reason", d.reason());
      m.put("raw", d.raw());
      out.add(m);
    }
    return out;
  }

  @DELETE
  @RolesAllowed("engineer")
  @Path("/dead-letters/{id}")
  @Operation(summary = "Dismisses a dead letter someone has dealt with")
  public Response dismiss(@PathParam("id") long id) {
    if (!journaled(() -> service().journal().dismiss(id))) {
      throw new NotFoundException("no dead letter " + id);
    }
    return Response.noContent().build();
  }

  // ---- the inside ----------------------------------------------------------------------------

  /** One order parsed as the ERP's would be; more than one, or an unreadable one, is a 400. */
  private static ErpOrder parseOne(String body) {
    List<Incoming> entries;
    try {
      entries = OrderJson.readOrders(body == null ? "" : body, FieldNames.DEFAULT);
    } catch (UnreadableBodyException e) {
      throw new BadRequestException(e.getMessage());
    }
    if (entries.size() != 1) {
      throw new BadRequestException("the body must hold exactly one order, not " + entries.size());
    }
    return switch (entries.get(0)) {
      case Incoming.Order o -> o.order();
      case Incoming.Unreadable u -> throw new WebApplicationException(unreadable(u.reason()));
    };
  }

  private static final FieldNames FIELDS = FieldNames.DEFAULT;
  private static final java.util.Set<String> FIELD_NAMES =
      java.util.Set.of(
          FIELDS.orderNumber(),
          FIELDS.operation(),
          FIELDS.product(),
          FIELDS.quantity(),
          FIELDS.machine(),
          FIELDS.setpoints(),
          FIELDS.idealCycleSeconds(),
          FIELDS.plannedStart(),
          FIELDS.plannedEnd(),
          FIELDS.priority());

  /**
   * 400 for an order the reader refused; its reasons begin with the field's name ("quantity is not
   * positive: 0"), so a form can put the message next to that field.
   */
  static Response unreadable(String reason) {
    int space = reason.indexOf(' ');
    String field = space > 0 ? reason.substring(0, space) : "";
    List<ProblemDetails.FieldError> errors =
        FIELD_NAMES.contains(field)
            ? List.of(new ProblemDetails.FieldError(field, reason.substring(space + 1)))
            : List.of();
    return ProblemDetails.invalid(reason, errors, "/api/v1/jobs");
  }

  private static int position(JobBook b, Job j, Map<String, Map<Long, Integer>> cache) {
    if (j.status() != JobStatus.RELEASED || j.dispatching() || j.machine().isEmpty()) {
      return 0;
    }
    Map<Long, Integer> places =
        cache.computeIfAbsent(
            j.machine().get(),
            m -> {
              Map<Long, Integer> p = new HashMap<>();
              List<Job> q = b.queue(m);
              for (int i = 0; i < q.size(); i++) {
                p.put(q.get(i).id(), i + 1);
              }
              return p;
            });
    return places.getOrDefault(j.id(), 0);
  }

  private static Map<String, Object> view(Job j) {
    return JobViews.job(j, 0);
  }

  private String user() {
    return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
  }

  private static String reason(Note body, boolean required) {
    String r = body == null || body.reason() == null ? "" : body.reason().strip();
    if (required && r.isEmpty()) {
      throw new BadRequestException(
          "reason is missing: say why, it goes into the journal and to the ERP");
    }
    if (r.length() > MAX_REASON) {
      throw new BadRequestException("reason is longer than " + MAX_REASON + " characters");
    }
    return r;
  }

  private static List<JobStatus> statuses(String text) {
    List<JobStatus> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    try {
      for (String s : text.split(",")) {
        out.add(JobStatus.parse(s.strip()));
      }
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("status: " + e.getMessage());
    }
    return out;
  }

  /** A read or write of the journal: when it cannot be used, the answer is 503, not 500. */
  private static <T> T journaled(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalStateException e) {
      throw new ServiceUnavailableException(e.getMessage());
    }
  }

  private static <T> T run(Function<JobBook, T> action) {
    return await(service().command(action));
  }

  private static <T> T read(Function<JobBook, T> query) {
    return await(service().query(query));
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw switch (e.getCause()) {
        case JobService.Unavailable u -> new ServiceUnavailableException(u.getMessage());
        case NoSuchElementException n -> new NotFoundException(n.getMessage());
        case IllegalArgumentException a -> new BadRequestException(a.getMessage());
        case IllegalStateException s ->
            new ClientErrorException(s.getMessage(), Response.Status.CONFLICT);
        default -> new IllegalStateException(e.getCause());
      };
    } catch (TimeoutException e) {
      throw new ServiceUnavailableException("the job book did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceUnavailableException("interrupted");
    }
  }

  static JobService service() {
    return Launch.current()
        .manager()
        .service(JobsRole.SERVICE)
        .orElseThrow(() -> new NotFoundException("this process does not run the jobs role"));
  }

  static JobsRole.Erp erp() {
    return Launch.current()
        .manager()
        .service(JobsRole.ERP)
        .orElseThrow(() -> new NotFoundException("this process does not run the jobs role"));
  }
}
