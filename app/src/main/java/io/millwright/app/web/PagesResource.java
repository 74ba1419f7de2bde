package io.millwright.app.web;

import io.millwright.app.Launch;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.web.pages.Page;
import io.millwright.web.pages.Pages;
import io.millwright.web.pages.Viewer;
import io.millwright.web.session.Session;
import io.millwright.web.users.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The web app's pages. Each is the layout around a fragment whose script calls the REST API; the
 * role a page needs is checked here, before anything is sent (the API checks each call again).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PagesResource {

  @Inject SecurityIdentity identity;

  @GET
  @Operation(hidden = true)
  public Response overview() {
    return page(Page.OVERVIEW);
  }

  @GET
  @Path("andon")
  @Operation(hidden = true)
  public Response andon() {
    return page(Page.ANDON);
  }

  @GET
  @Path("machines")
  @Operation(hidden = true)
  public Response machines() {
    return page(Page.MACHINES);
  }

  @GET
  @Path("machines/{id}")
  @Operation(hidden = true)
  public Response machine() {
    return page(Page.MACHINE);
  }

  @GET
  @Path("alarms")
  @Operation(hidden = true)
  public Response alarms() {
    return page(Page.ALARMS);
  }

  @GET
  @Path("jobs")
  @Operation(hidden = true)
  public Response jobs() {
    return page(Page.JOBS);
  }

  @GET
  @Path("fleet")
  @Operation(hidden = true)
  public Response fleet() {
    return page(Page.FLEET);
  }

  @GET
  @Path("users")
  @RolesAllowed("admin")
  @Operation(hidden = true)
  public Response users() {
    return page(Page.USERS);
  }

  private Response page(Page page) {
    MillwrightConfig config = Launch.current().config();
    Session session = identity.getAttribute(SignInMechanism.SESSION);
    Role role = Role.VIEWER;
    for (Role r : Role.values()) {
      if (identity.hasRole(r.apiName())) {
        role = r;
      }
    }
    Viewer viewer =
        new Viewer(
            identity.getPrincipal().getName(),
            role,
            session == null ? "" : session.csrf(),
            config.enterprise(),
            config.site());
    return Response.ok(Pages.render(page, viewer))
        .type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
        // A page carries the session's CSRF token: no cache may keep it, no other site may frame
        // it.
        .header("Cache-Control", "no-store")
        .build();
  }
}
