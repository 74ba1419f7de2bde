package io.millwright.core.machine;

/**
 * A machine definition that cannot be used. {@link #field()} is the path of the offending field
 * inside the definition ({@code tags[3].deadband}), which a configuration loader turns into a file,
 * line and key.
 */
public final class DefinitionException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public DefinitionException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  /**
   * The same problem seen from an enclosing object, e.g. {@code name} becomes {@code tags[3].name}.
   */
  public DefinitionException within(String parent) {
    return new DefinitionException(parent + "." + field, problem);
  }
}
