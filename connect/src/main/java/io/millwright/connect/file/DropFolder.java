package io.millwright.connect.file;

import io.millwright.core.machine.DefinitionException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The folder a machine drops its result files into, with {@code done/} and {@code error/} below it
 * for the files read. Knows which names are results and which are not: temporary names ({@code
 * .tmp}, {@code .part}, leading dot or tilde) that machines write before renaming, marker files,
 * and anything the pattern does not match.
 */
final class DropFolder {

  static final String DONE = "done";
  static final String ERROR = "error";
  static final String REASON_SUFFIX = ".reason.txt";

  private final Path inbox;
  private final PathMatcher matcher;
  private final boolean matchLowerCase;
  private final Optional<String> marker;

  DropFolder(Path inbox, FileDropOptions options) {
    this.inbox = inbox;
    this.marker = options.marker();
    String glob =
        options
            .pattern()
            .orElseGet(
                () -> options.format().map(f -> "*." + f.extension()).orElse("*.{csv,json,xml}"));
    this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    // Machines written for Windows shout their extensions (RESULT.CSV); a pattern given by the
    // user is taken as written.
    this.matchLowerCase = options.pattern().isEmpty();
  }

  /**
   * The drop folder named by a {@code file:} endpoint: {@code file:///var/drop/cmm-01}. A share is
   * mounted first and given by its mount point: the connector reads local paths only.
   *
   * @throws DefinitionException naming {@code endpoint}
   */
  static Path folderOf(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint.strip());
    } catch (URISyntaxException e) {
      throw new DefinitionException(
          "endpoint",
          "\"" + endpoint + "\" is not a file URI (write a space as %20): " + e.getReason());
    }
    if (!"file".equalsIgnoreCase(uri.getScheme())
        || uri.isOpaque()
        || uri.getPath() == null
        || !uri.getPath().startsWith("/")) {
      throw new DefinitionException(
          "endpoint",
          "\"" + endpoint + "\" is not an absolute folder; write e.g. file:///var/drop/cmm-01");
    }
    if (uri.getAuthority() != null && !"localhost".equalsIgnoreCase(uri.getAuthority())) {
      throw new DefinitionException(
          "endpoint",
          "names the host \""
              + uri.getAuthority()
              + "\"; mount the share and give its mount point, e.g. file:///mnt/cmm-01");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new DefinitionException(
          "endpoint", "\"" + endpoint + "\" has a query or fragment; a folder has neither");
    }
    return Path.of(uri.getPath()).normalize();
  }

  Path inbox() {
    return inbox;
  }

  boolean exists() {
    return Files.isDirectory(inbox);
  }

  /**
   * The result files now in the folder (not yet checked for completeness), unsorted.
   *
   * @throws IOException when the folder cannot be listed (gone, unmounted, no permission)
   */
  List<Path> results() throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
      for (Path p : entries) {
        if (isResultName(p.getFileName().toString())) {
          found.add(p);
        }
      }
    }
    return found;
  }

  boolean isResultName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (name.startsWith(".")
        || name.startsWith("~")
        || lower.endsWith(".tmp")
        || lower.endsWith(".part")
        || lower.endsWith(REASON_SUFFIX)
        || marker.map(lower::endsWith).orElse(false)) {
      return false;
    }
    return matcher.matches(Path.of(matchLowerCase ? lower : name));
  }

  /** The marker that says the file is complete, when the machine writes markers. */
  Optional<Path> markerOf(Path file) {
    return marker.map(m -> file.resolveSibling(file.getFileName() + m));
  }

  /**
   * Moves a file read to {@code done/} or {@code error/}, under its own name unless a file of that
   * name is there already (machines that always write {@code result.csv}): then {@code
   * result~<epoch ms>.csv}, with {@code -1}, {@code -2} ... if needed. With a reason, writes {@code
   * <name>.reason.txt} beside it. Removes the file's marker.
   *
   * @return the file's new place
   */
  Path retire(Path file, String folder, Optional<String> reason) throws IOException {
    Path target = inbox.resolve(folder);
    Files.createDirectories(target);
    String name = file.getFileName().toString();
    Path moved = target.resolve(name);
    if (Files.exists(moved, LinkOption.NOFOLLOW_LINKS)) {
      // The time keeps the names apart without counting through earlier results of the same name.
      String stamp = Long.toString(System.currentTimeMillis());
      moved = target.resolve(suffixed(name, stamp));
      for (int n = 1; Files.exists(moved, LinkOption.NOFOLLOW_LINKS); n++) {
        moved = target.resolve(suffixed(name, stamp + "-" + n));
      }
    }
    // Same folder tree, same file system: a rename, never a copy. Only this connector writes into
    // done/ and error/, so the name found free stays free (a rename would replace a file).
    Files.move(file, moved, StandardCopyOption.ATOMIC_MOVE);
    if (reason.isPresent()) {
      // Written aside and renamed: whoever watches error/ never reads a half-written reason.
      Path reasonFile = moved.resolveSibling(moved.getFileName() + REASON_SUFFIX);
      Path written = moved.resolveSibling("." + reasonFile.getFileName() + ".tmp");
      Files.writeString(written, reason.get() + System.lineSeparator(), StandardCharsets.UTF_8);
      Files.move(written, reasonFile, StandardCopyOption.ATOMIC_MOVE);
    }
    Optional<Path> markerFile = markerOf(file);
    if (markerFile.isPresent()) {
      Files.deleteIfExists(markerFile.get());
    }
    return moved;
  }

  private static String suffixed(String name, String suffix) {
    int dot = name.lastIndexOf('.');
    return dot <= 0
        ? name + "~" + suffix
        : name.substring(0, dot) + "~" + suffix + name.substring(dot);
  }
}
