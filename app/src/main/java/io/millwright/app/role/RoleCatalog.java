package io.millwright.app.role;

import io.millwright.app.module.ModuleDescriptor;
import io.millwright.app.module.ModuleGraph;
import io.millwright.app.security.AdminCredentialModule;
import java.util.List;
import java.util.Set;

/**
 * The closed set of modules in this binary and what each needs: the one place to add a role
 * (ARCHITECTURE.md section 2). Roles appear here as they are built; {@code all} expands to the edge
 * roles among them.
 */
public final class RoleCatalog {

  /** The role the {@code simulate} command runs and {@code demo} adds. */
  public static final String SIMULATOR = "simulator";

  private RoleCatalog() {}

  public static ModuleGraph graph() {
    return new ModuleGraph(
        List.of(
            ModuleDescriptor.internal(
                "data",
                "the data directory, locked for this process",
                Set.of(),
                DataDirectoryModule::new),
            ModuleDescriptor.internal(
                "security",
                "the admin credential behind the API and UI",
                Set.of("data"),
                AdminCredentialModule::new)),
        List.of(),
        List.of("security"));
  }
}
