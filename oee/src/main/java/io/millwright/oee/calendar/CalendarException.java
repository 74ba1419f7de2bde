package io.millwright.oee.calendar;

/**
 * A shift calendar that cannot be used. {@link #field()} is the path of the offending field inside
 * the calendar ({@code shifts[0].breaks[1].start}), which a configuration loader turns into a file,
 * line and key.
 */
public final class CalendarException extends IllegalArgumentException {

  private final String field;
  private final String problem;

  public CalendarException(String field, String problem) {
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
   * The same problem seen from an enclosing object: a loader that builds {@code downtime[2]} turns
   * {@code to} into {@code downtime[2].to}.
   */
  public CalendarException within(String parent) {
    return new CalendarException(parent + "." + field, problem);
  }
}
