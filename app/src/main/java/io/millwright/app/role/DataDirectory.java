package io.millwright.app.role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's data directory; each role keeps its files in a subdirectory named after it. */
public record DataDirectory(Path root) {

  /** The directory a role or internal module owns, created when missing. */
  public Path forRole(String role) throws IOException {
    return Files.createDirectories(root.resolve(role));
  }
}
