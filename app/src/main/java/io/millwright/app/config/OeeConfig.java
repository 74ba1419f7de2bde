package io.millwright.app.config;

import io.millwright.oee.calendar.ShiftCalendar;
import io.millwright.oee.reason.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code oee} section: the site's shift calendar and its stop reason tables.
 *
 * @param calendar empty when not configured: every hour counts as planned (the demo uses the demo
 *     plant's three shifts)
 * @param reasons reason tables by name, besides the built-in {@code standard} one
 */
public record OeeConfig(Optional<ShiftCalendar> calendar, Map<String, List<Reason>> reasons) {

  public static final OeeConfig NONE = new OeeConfig(Optional.empty(), Map.of());

  public OeeConfig {
    reasons = Map.copyOf(reasons);
  }
}
