package io.millwright.web.pages;

import io.millwright.web.users.Role;
import java.util.List;
import java.util.Optional;

/**
 * A page of the web app: its fragment ({@code pages/<name>.html}), its script ({@code
 * /assets/<name>.js}) and the least role that may open it.
 *
 * @param navPath where the navigation links to; empty for pages reached from another (a machine)
 * @param extraScripts scripts the page needs before its own (the chart library)
 */
public record Page(
    String name,
    String title,
    Optional<String> navPath,
    Role role,
    List<String> extraScripts,
    List<String> extraStyles) {

  static final String UPLOT = "/webjars/uplot/1.6.30/dist/";

  // One stylesheet per group of pages besides app.css, so a page loads only what it draws.
  static final String PLANT_CSS = "/assets/plant.css";
  static final String OPS_CSS = "/assets/ops.css";
  static final String ADMIN_CSS = "/assets/admin.css";

  public static final Page OVERVIEW = nav("overview", "Plant", "/", PLANT_CSS);
  public static final Page ANDON = nav("andon", "Andon", "/andon", PLANT_CSS);
  public static final Page MACHINE =
      new Page(
          "machine",
          "Machine",
          Optional.empty(),
          Role.VIEWER,
          List.of(UPLOT + "uPlot.iife.min.js"),
          List.of(UPLOT + "uPlot.min.css", PLANT_CSS));
  public static final Page ALARMS = nav("alarms", "Alarms", "/alarms", OPS_CSS);
  public static final Page JOBS = nav("jobs", "Jobs", "/jobs", OPS_CSS);
  public static final Page MACHINES = nav("machines", "Machines", "/machines", ADMIN_CSS);
  public static final Page FLEET = nav("fleet", "Fleet", "/fleet", ADMIN_CSS);
  public static final Page USERS =
      new Page("users", "Users", Optional.of("/users"), Role.ADMIN, List.of(), List.of(ADMIN_CSS));

  /** In the order of the navigation bar. */
  public static final List<Page> ALL =
      List.of(OVERVIEW, ANDON, MACHINE, ALARMS, JOBS, MACHINES, FLEET, USERS);

  private static Page nav(String name, String title, String path, String style) {
    return new Page(name, title, Optional.of(path), Role.VIEWER, List.of(), List.of(style));
  }
}
