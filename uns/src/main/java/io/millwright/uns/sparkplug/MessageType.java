package io.millwright.uns.sparkplug;

/**
 * The Sparkplug B message types (Sparkplug 3.0, 4.1 "Topic Namespace Elements"). Node messages have
 * four topic levels, device messages five, STATE three.
 */
public enum MessageType {
  NBIRTH(false),
  NDEATH(false),
  NDATA(false),
  NCMD(false),
  DBIRTH(true),
  DDEATH(true),
  DDATA(true),
  DCMD(true),
  STATE(false);

  private final boolean deviceLevel;

  MessageType(boolean deviceLevel) {
    this.deviceLevel = deviceLevel;
  }

  /** Whether the topic names a device below the edge node. */
  public boolean isDeviceLevel() {
    return deviceLevel;
  }

  /**
   * The type named by a topic level, or null; a switch, not a map or regex, as it is per message.
   */
  static MessageType fromTopicLevel(String level) {
    return switch (level) {
      case "NBIRTH" -> NBIRTH;
      case "NDEATH" -> NDEATH;
      case "NDATA" -> NDATA;
      case "NCMD" -> NCMD;
      case "DBIRTH" -> DBIRTH;
      case "DDEATH" -> DDEATH;
      case "DDATA" -> DDATA;
      case "DCMD" -> DCMD;
      case "STATE" -> STATE;
      default -> null;
    };
  }
}
