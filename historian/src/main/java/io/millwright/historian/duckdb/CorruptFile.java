package io.millwright.historian.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A database file DuckDB cannot open because its bytes are damaged (not a DuckDB file, or a block
 * whose checksum fails): moved aside with its WAL, so the historian starts over with an empty file
 * instead of staying down, and the damaged file is kept for whoever can repair or restore it.
 *
 * <p>Only those two DuckDB errors count as corruption. Anything else that fails an open (the file
 * locked by another process, written by a newer DuckDB, no permission) leaves the file where it is.
 */
final class CorruptFile {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

  private CorruptFile() {}

  /** Whether DuckDB refused the file because its content is damaged. */
  static boolean isCorruption(SQLException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("is not a valid DuckDB database file")
        || message.contains("Corrupt database file");
  }

  /**
   * Renames {@code file} to {@code <file>.corrupt-<UTC time>}, and its WAL alike, so that a damaged
   * WAL is not replayed into the new file. Returns the new name of the database file.
   */
  static Path moveAside(Path file) throws IOException {
    String suffix = ".corrupt-" + STAMP.format(Instant.now());
    Path aside = file.resolveSibling(file.getFileName() + suffix);
    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    Path wal = file.resolveSibling(file.getFileName() + ".wal");
    if (Files.exists(wal)) {
      Files.move(
          wal, wal.resolveSibling(wal.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
    }
    return aside;
  }
}
