package io.millwright.app.security;

import io.millwright.app.module.Key;
import io.millwright.app.module.Module;
import io.millwright.app.module.ModuleContext;
import io.millwright.app.role.DataDirectoryModule;
import java.io.PrintStream;
import java.util.logging.Logger;

/**
 * Makes the admin credential available to the HTTP layer. A generated password goes to the console
 * once, on purpose not through the logger, so it does not land in log files that are shipped
 * elsewhere.
 */
public final class AdminCredentialModule implements Module {

  public static final Key<AdminCredential> KEY = Key.of("admin credential", AdminCredential.class);
  private static final Logger LOG = Logger.getLogger(AdminCredentialModule.class.getName());

  private final PrintStream console;

  public AdminCredentialModule() {
    this(System.out);
  }

  AdminCredentialModule(PrintStream console) {
    this.console = console;
  }

  @Override
  public void start(ModuleContext context) throws Exception {
    AdminCredential.Established result =
        AdminCredential.establish(
            context.require(DataDirectoryModule.KEY).forRole("security"),
            context.config().adminPassword());
    result
        .generatedPassword()
        .ifPresentOrElse(
            password -> {
              console.println();
              console.println(
                  "  Generated the password of user '"
                      + AdminCredential.USER
                      + "' (shown only now):");
              console.println();
              console.println("      " + password);
              console.println();
              console.println("  Set MILLWRIGHT_ADMIN_PASSWORD to choose your own.");
              console.println();
              console.flush();
            },
            () -> {
              if (result.changed()) {
                LOG.info("admin password set from MILLWRIGHT_ADMIN_PASSWORD");
              }
            });
    context.provide(KEY, result.credential());
  }

  @Override
  public void stop() {
    // nothing held: the credential is a file and an object
  }
}
