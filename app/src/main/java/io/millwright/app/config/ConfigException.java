package io.millwright.app.config;

/**
 * Configuration that cannot be used. The message is one line naming where the value came from (file
 * and line, or the environment variable), the key, and what is wrong; the binary prints it and
 * exits with code 2.
 */
public final class ConfigException extends RuntimeException {

  private final String key;
  private final String problem;

  public ConfigException(String where, String key, String problem) {
    super((where == null ? "" : where + ": ") + (key == null ? "" : key + ": ") + problem);
    this.key = key;
    this.problem = problem;
  }

  /** What is wrong, without where and which key: for a form that shows it next to the field. */
  public String problem() {
    return problem;
  }

  /**
   * The offending key, e.g. {@code http.port} or {@code machines[2].tags[0].type}; null for a
   * whole-file problem.
   */
  public String key() {
    return key;
  }
}
