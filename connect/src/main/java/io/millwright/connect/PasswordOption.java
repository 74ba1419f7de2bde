package io.millwright.connect;

import io.millwright.core.machine.DefinitionException;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A machine's password, given in its options inline ({@code password}) or, to keep it out of the
 * machines file, as the name of an environment variable that holds it ({@code passwordEnv}). The
 * same rules for every connector that logs in.
 */
public final class PasswordOption {

  private PasswordOption() {}

  /**
   * The password the options give, if any.
   *
   * @param userOption the option naming the user, which a password needs; null when a password may
   *     come without one (a JDBC URL may carry the user)
   * @param environment looks up environment variables; a parameter so that tests need not set any
   * @throws DefinitionException when both are set, {@code passwordEnv} is empty or names a variable
   *     that is not set, or a password comes without its user
   */
  public static Optional<String> read(
      Map<String, String> given, String userOption, UnaryOperator<String> environment) {
    String password = given.get("password");
    String passwordEnv = given.get("passwordEnv");
    if (userOption != null && given.get(userOption) == null) {
      if (password != null || passwordEnv != null) {
        throw new DefinitionException(
            password != null ? "options.password" : "options.passwordEnv",
            "is set without options." + userOption);
      }
      return Optional.empty();
    }
    if (password != null && passwordEnv != null) {
      throw new DefinitionException(
          "options.passwordEnv", "and options.password are both set; keep one");
    }
    if (passwordEnv == null) {
      // Taken as written: leading or trailing spaces may be part of a password.
      return Optional.ofNullable(password);
    }
    if (passwordEnv.isBlank()) {
      throw new DefinitionException("options.passwordEnv", "is empty");
    }
    String fromEnvironment = environment.apply(passwordEnv.strip());
    if (fromEnvironment == null) {
      throw new DefinitionException(
          "options.passwordEnv",
          "names the environment variable " + passwordEnv.strip() + ", which is not set");
    }
    return Optional.of(fromEnvironment);
  }
}
