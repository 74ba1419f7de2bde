package io.millwright.connect.mqtt;

import io.millwright.core.machine.Tag;

/**
 * A tag of the definition with its parsed address.
 *
 * @param index the tag's position in the definition, for error fields and its last value
 */
record DeviceTag(int index, Tag tag, TagAddress address) {

  String name() {
    return tag.name();
  }
}
