package io.millwright.app.module;

/**
 * A module's own view of itself. Liveness false means "restart me" (Kubernetes will); readiness
 * false means "do not send me work yet" (still connecting, catching up).
 */
public record Health(boolean live, boolean ready, String detail) {

  public static final Health UP = new Health(true, true, "");

  public static Health notReady(String why) {
    return new Health(true, false, why);
  }

  public static Health dead(String why) {
    return new Health(false, false, why);
  }
}
