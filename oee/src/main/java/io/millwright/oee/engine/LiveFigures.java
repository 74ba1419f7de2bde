package io.millwright.oee.engine;

import io.millwright.oee.calendar.ShiftInstance;
import io.millwright.oee.figures.OeeFigures;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The current shift's figures as of the last recomputation: per machine, per line ({@code
 * area/line}) and for the site.
 *
 * @param shift the shift going on, or the last one when none is
 * @param atMillis when they were computed
 */
public record LiveFigures(
    ShiftInstance shift,
    long atMillis,
    Map<String, OeeFigures> machines,
    Map<String, OeeFigures> lines,
    OeeFigures site) {

  public LiveFigures {
    // Kept in configuration order, which the API and the UI show.
    machines = Collections.unmodifiableMap(new LinkedHashMap<>(machines));
    lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
  }
}
