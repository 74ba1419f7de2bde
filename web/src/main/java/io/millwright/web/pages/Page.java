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

  public static final Page OVERVIEW = nav("overview", "Plant", "/");
  public static final Page ANDON = nav("andon", "Andon", "/andon");
  public static final Page MACHINE =
      new Page(
          "machine",
          "Machine",
          Optional.empty(),
          Role.VIEWER,
          List.of(UPLOT + "uPlot.iife.min.js"),
          List.of(UPLOT + "uPlot.min.css"));
  public static final Page ALARMS = nav("alarms", "Alarms", "/alarms");
  public static final Page JOBS = nav("jobs", "Jobs", "/jobs");
  public static final Page MACHINES = nav("machines", "Machines", "/machines");
  public static final Page FLEET = nav("fleet", "Fleet", "/fleet");
  public static final Page USERS =
      new Page("users", "Users", Optional.of("/users"), Role.ADMIN, List.of(), List.of());

  /** In the order of the navigation bar. */
  public static final List<Page> ALL =
      List.of(OVERVIEW, ANDON, MACHINE, ALARMS, JOBS, MACHINES, FLEET, USERS);

  private static Page nav(String name, String title, String path) {
    return new Page(name, title, Optional.of(path), Role.VIEWER, List.of(), List.of());
  }
}
