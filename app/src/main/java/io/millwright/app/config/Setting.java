package io.millwright.app.config;

import java.util.function.Function;

/**
 * One setting, declared once with its key in the YAML file, its environment variable, its default
 * and its parser (after Strimzi's declared settings): the loader, the docs test and error messages
 * all read from this declaration.
 *
 * @param key dotted path in the YAML file: {@code http.port} is {@code http: {port: ...}}
 * @param env environment variable that overrides the file
 * @param defaultText default in the form a user would write it; null when the setting is optional
 * @param parser turns text into the value; throws {@link IllegalArgumentException} with a message
 *     that says what is wrong
 * @param fileAllowed false for secrets: they come from the environment (a Kubernetes Secret), never
 *     from a file
 */
public record Setting<T>(
    String key,
    String env,
    String defaultText,
    Function<String, T> parser,
    String description,
    boolean fileAllowed) {

  static <T> Setting<T> of(
      String key, String defaultText, Function<String, T> parser, String description) {
    return new Setting<>(key, envName(key), defaultText, parser, description, true);
  }

  static <T> Setting<T> envOnly(String key, Function<String, T> parser, String description) {
    return new Setting<>(key, envName(key), null, parser, description, false);
  }

  /**
   * {@code http.port} becomes {@code MILLWRIGHT_HTTP_PORT}; {@code shutdown.timeout} {@code
   * MILLWRIGHT_SHUTDOWN_TIMEOUT}.
   */
  static String envName(String key) {
    return "MILLWRIGHT_"
        + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  T parse(String text) {
    return parser.apply(text);
  }
}
