package io.millwright.publisher.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the site looks like right now, for the cloud's fleet view: which machines are online (from
 * the Sparkplug births and deaths), the site's current OEE (its retained {@code _oee} figures) and
 * how many alarms are active (each alarm's retained latest transition). Read from the namespace
 * like any consumer would; thread-safe.
 */
final class SiteSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> online = ConcurrentHashMap.newKeySet();
  private final Set<String> activeAlarms = ConcurrentHashMap.newKeySet();
  private volatile OptionalDouble oee = OptionalDouble.empty();

  void machineOnline(String machine, boolean isOnline) {
    if (isOnline) {
      online.add(machine);
    } else {
      online.remove(machine);
    }
  }

  int machinesOnline() {
    return online.size();
  }

  /** The site's retained OEE figures; a payload that does not parse leaves the last value. */
  void siteOee(byte[] json) {
    JsonNode node = parse(json);
    if (node == null) {
      return;
    }
    JsonNode value = node.get("oee");
    if (value != null && value.isNumber() && value.asDouble() >= 0 && value.asDouble() <= 1) {
      oee = OptionalDouble.of(value.asDouble());
    } else if (value != null && value.isNull()) {
      oee = OptionalDouble.empty();
    }
  }

  OptionalDouble oee() {
    return oee;
  }

  /**
   * An alarm's retained latest transition: active while its state says so; an empty payload (the
   * retained message cleared) or an inactive state removes it.
   */
  void alarm(String topic, byte[] json) {
    JsonNode node = json.length == 0 ? null : parse(json);
    JsonNode state = node == null ? null : node.get("state");
    if (state != null && state.isTextual() && isActive(state.asText())) {
      activeAlarms.add(topic);
    } else {
      activeAlarms.remove(topic);
    }
  }

  int activeAlarms() {
    return activeAlarms.size();
  }

  /** ISA-18.2 states B and C, in which the condition is present: {@code active-...}. */
  static boolean isActive(String state) {
    return state.startsWith("active-");
  }

  private static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
