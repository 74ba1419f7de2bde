package io.millwright.alarms.notify;

import io.millwright.core.machine.DefinitionException;
import java.util.regex.Pattern;

/** The rule for channel names, which are the keys of the channels' cursors in the journal. */
final class ChannelNames {

  private static final Pattern NAME = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

  private ChannelNames() {}

  /**
   * @throws DefinitionException on {@code name} unless it is 1 to 63 of a-z, 0-9 and inner dashes
   */
  static String check(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new DefinitionException(
          "name",
          "\""
              + name
              + "\" is not a channel name: use 1 to 63 lower-case letters, digits and dashes,"
              + " not starting or ending with a dash");
    }
    return name;
  }
}
