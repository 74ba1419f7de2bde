package io.millwright.core.namespace;

/**
 * Where a tag lives in the Unified Namespace, following the ISA-95 equipment hierarchy: enterprise,
 * site, area, work centre ({@code line}, which may be a production line or a work cell such as
 * {@code cell-1}), machine (the work unit), then the tag path below the machine, e.g. {@code
 * acme/plant-1/machining/cell-1/cnc-02/spindle/bearing-temperature}.
 *
 * <p>Its string form is the JSON-mirror MQTT topic of the contract.
 */
public record UnsPath(
    String enterprise, String site, String area, String line, String machine, String tagPath) {

  /** The ISA-95 levels in order, as named in error messages. */
  private static final String[] LEVELS = {"enterprise", "site", "area", "line", "machine"};

  public UnsPath {
    Names.requireName("enterprise name", enterprise);
    Names.requireName("site name", site);
    Names.requireName("area name", area);
    Names.requireName("line name", line);
    Names.requireName("machine id", machine);
    Names.requireTagPath("tag path", tagPath);
  }

  /**
   * Parses {@code enterprise/site/area/line/machine/tag/path}.
   *
   * @throws InvalidNameException naming the level that is wrong and the character where it goes
   *     wrong
   */
  public static UnsPath parse(String path) {
    String subject = "UNS path";
    if (path == null) {
      throw new InvalidNameException(subject, null, -1, "it is missing");
    }
    String[] levels = new String[LEVELS.length];
    int start = 0;
    for (int level = 0; level < LEVELS.length; level++) {
      int slash = path.indexOf('/', start);
      if (slash < 0) {
        throw new InvalidNameException(
            subject,
            path,
            -1,
            "it has "
                + (level + 1)
                + (level == 0 ? " level" : " levels")
                + " but needs enterprise/site/area/line/machine/tag; the "
                + (level == LEVELS.length - 1 ? "tag path" : LEVELS[level + 1])
                + " is missing");
      }
      String name = path.substring(start, slash);
      Names.checkLevel(subject + " (" + LEVELS[level] + ")", path, name, start);
      levels[level] = name;
      start = slash + 1;
    }
    Names.checkTagPath(subject + " (tag path)", path, start);
    return new UnsPath(
        levels[0], levels[1], levels[2], levels[3], levels[4], path.substring(start));
  }

  /** The topic prefix of the machine: {@code enterprise/site/area/line/machine}. */
  public String machinePath() {
    return enterprise + '/' + site + '/' + area + '/' + line + '/' + machine;
  }

  /** The same machine, another tag. */
  public UnsPath withTag(String otherTagPath) {
    return new UnsPath(enterprise, site, area, line, machine, otherTagPath);
  }

  @Override
  public String toString() {
    return machinePath() + '/' + tagPath;
  }
}
