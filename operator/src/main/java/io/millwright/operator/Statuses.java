package io.millwright.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Objects;

/**
 * Status bookkeeping shared by the reconcilers: a condition keeps the time it last changed, and a
 * status equal to the one stored is not written again (an idle operator makes no API writes).
 */
public final class Statuses {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Statuses() {}

  /**
   * Gives each condition of {@code next} the transition time it had, if its status is unchanged.
   */
  public static void keepTransitionTimes(List<Condition> previous, List<Condition> next) {
    if (previous == null) {
      return;
    }
    for (Condition c : next) {
      for (Condition p : previous) {
        if (p.getType().equals(c.getType()) && Objects.equals(p.getStatus(), c.getStatus())) {
          c.setLastTransitionTime(p.getLastTransitionTime());
        }
      }
    }
  }

  /** Equality of two statuses as written to the API (field by field, nulls and empties alike). */
  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    return JSON.asJson(a).equals(JSON.asJson(b));
  }
}
