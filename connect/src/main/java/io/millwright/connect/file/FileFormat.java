package io.millwright.connect.file;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The result file formats the connector reads, each known by its file extension. */
enum FileFormat {
  CSV,
  JSON,
  XML;

  String extension() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format a file name's extension says, in any letter case ({@code RESULT.CSV}). */
  static Optional<FileFormat> ofFileName(String name) {
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String ext = name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(f -> f.extension().equals(ext)).findFirst();
  }

  /**
   * @throws IllegalArgumentException listing the accepted names
   */
  static FileFormat parse(String name) {
    for (FileFormat f : values()) {
      if (f.extension().equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(values()).map(FileFormat::extension).collect(Collectors.joining(", "))
            + ", not \""
            + name
            + "\"");
  }
}
