package io.millwright.bench;

import java.io.IOException;

/** The installed version of a Debian package: what the figures name a peer by. */
final class DebianPackage {

  private DebianPackage() {}

  /** The version dpkg has installed, e.g. 1.79.5+ds1-1, or "?" if it cannot tell. */
  static String version(String name) {
    try {
      Process dpkg =
          new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", name)
              .redirectErrorStream(true)
              .start();
      String out = new String(dpkg.getInputStream().readAllBytes()).strip();
      return dpkg.waitFor() == 0 ? out : "?";
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
