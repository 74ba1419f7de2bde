package io.millwright.oee.calendar;

import java.util.ArrayList;
import java.util.List;

/** Set arithmetic on lists of windows, in one pass over lists kept in order of start. */
final class Windows {

  private Windows() {}

  /** Windows in order of start, with overlapping and touching ones joined into one. */
  static List<Window> merge(List<Window> byStart) {
    List<Window> merged = new ArrayList<>(byStart.size());
    for (Window w : byStart) {
      int last = merged.size() - 1;
      if (last >= 0 && w.startMillis() <= merged.get(last).endMillis()) {
        Window previous = merged.get(last);
        if (w.endMillis() > previous.endMillis()) {
          merged.set(last, new Window(previous.startMillis(), w.endMillis()));
        }
      } else {
        merged.add(w);
      }
    }
    return merged;
  }

  /**
   * What of {@code base} (in order, disjoint) is left after taking out {@code cuts} (in order of
   * start, may overlap each other).
   */
  static List<Window> subtract(List<Window> base, List<Window> cuts) {
    if (cuts.isEmpty()) {
      return base;
    }
    List<Window> left = new ArrayList<>(base.size() + cuts.size());
    int first = 0;
    for (Window w : base) {
      long from = w.startMillis();
      while (first < cuts.size() && cuts.get(first).endMillis() <= from) {
        first++;
      }
      for (int c = first; c < cuts.size() && cuts.get(c).startMillis() < w.endMillis(); c++) {
        Window cut = cuts.get(c);
        if (cut.startMillis() > from) {
          left.add(new Window(from, cut.startMillis()));
        }
        from = Math.max(from, cut.endMillis());
      }
      if (from < w.endMillis()) {
        left.add(new Window(from, w.endMillis()));
      }
    }
    return left;
  }
}
