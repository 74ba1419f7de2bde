package io.millwright.app.web;

import io.millwright.app.Launch;
import io.millwright.app.http.ProblemDetails;
import io.millwright.web.users.ApiToken;
import io.millwright.web.users.AuditEntry;
import io.millwright.web.users.User;
import io.millwright.web.users.UserException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Users and their API tokens, for admins. Every change is in the users audit with who made it; a
 * user whose role, password or state changes is signed out everywhere.
 */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@Blocking
public class UsersResource {

  /** A new user. */
  public record NewUser(String name, String role, String password) {}

  /** What to change; what is left out stays. */
  public record Change(String role, String password, Boolean disabled) {}

  /** A token to make. */
  public record NewToken(String label) {}

  @Inject SecurityIdentity identity;
  @Context UriInfo uri;

  @GET
  @Operation(summary = "Every user (the initial admin is not listed: it is configured)")
  public List<User> list() {
    return signIn().users().list();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Adds a user; 400 names the field at fault, 409 for a name in use")
  public Response create(NewUser body) {
    if (body == null) {
      return invalid(new UserException(UserException.Kind.INVALID, "name", "give a user"));
    }
    try {
      User user = signIn().users().create(actor(), body.name(), body.role(), body.password());
      return Response.status(201).entity(user).build();
    } catch (UserException e) {
      return invalid(e);
    }
  }

  @PUT
  @Path("/{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Changes a user's role, password or disabled state; signs the user out")
  public Response change(@PathParam("name") String name, Change body) {
    if (body == null) {
      return invalid(new UserException(UserException.Kind.INVALID, "role", "give what to change"));
    }
    try {
      User user =
          signIn()
              .users()
              .update(
                  actor(),
                  name,
                  Optional.ofNullable(body.role()),
                  Optional.ofNullable(body.password()).filter(p -> !p.isEmpty()),
                  Optional.ofNullable(body.disabled()));
      signIn().sessions().endAllOf(name);
      return Response.ok(user).build();
    } catch (UserException e) {
      return invalid(e);
    }
  }

  @DELETE
  @Path("/{name}")
  @Operation(summary = "Removes a user and their tokens; signs the user out")
  public Response delete(@PathParam("name") String name) {
    try {
      signIn().users().delete(actor(), name);
      signIn().sessions().endAllOf(name);
      return Response.noContent().build();
    } catch (UserException e) {
      return invalid(e);
    }
  }

  @GET
  @Path("/{name}/tokens")
  @Operation(summary = "A user's API tokens (never their secrets)")
  public List<ApiToken> tokens(@PathParam("name") String name) {
    return signIn().users().tokens(name);
  }

  @POST
  @Path("/{name}/tokens")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Makes an API token for a user",
      description =
          "The answer holds the token, shown only this once: send it as 'Authorization: Bearer"
              + " <token>'.")
  public Response createToken(@PathParam("name") String name, NewToken body) {
    try {
      String token =
          signIn().users().createToken(actor(), name, body == null ? null : body.label());
      return Response.status(201).entity(Map.of("token", token)).build();
    } catch (UserException e) {
      return invalid(e);
    }
  }

  @DELETE
  @Path("/{name}/tokens/{id}")
  @Operation(summary = "Revokes a token")
  public Response revokeToken(@PathParam("name") String name, @PathParam("id") String id) {
    try {
      signIn().users().revokeToken(actor(), name, id);
      return Response.noContent().build();
    } catch (UserException e) {
      return invalid(e);
    }
  }

  @GET
  @Path("/audit")
  @Operation(summary = "Sign-ins and changes to users and tokens, newest first")
  public List<AuditEntry> audit(@QueryParam("limit") @DefaultValue("200") int limit) {
    return signIn().users().audit(limit);
  }

  private Response invalid(UserException e) {
    String path = uri.getPath();
    List<ProblemDetails.FieldError> fields =
        List.of(new ProblemDetails.FieldError(e.field(), e.getMessage()));
    return switch (e.kind()) {
      case INVALID -> ProblemDetails.fieldProblem(400, e.getMessage(), fields, path);
      case NOT_FOUND -> ProblemDetails.problem(404, e.getMessage(), path);
      case CONFLICT -> ProblemDetails.fieldProblem(409, e.getMessage(), fields, path);
    };
  }

  private String actor() {
    return identity.getPrincipal().getName();
  }

  private static SignIn signIn() {
    return Launch.current().manager().service(SignInModule.KEY).orElseThrow();
  }
}
