package io.millwright.core.machine;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One machine as the plant declares it: the same schema in the all-in-one YAML file and as the
 * {@code spec} of a Kubernetes {@code Machine} resource (ARCHITECTURE.md section 4). Validation
 * happens here, once, for every source.
 *
 * @param id unique per site; the Sparkplug device id and the pod name suffix
 * @param name human name, free text
 * @param area ISA-95 area below the site
 * @param line ISA-95 work centre (a line or a cell) below the area
 * @param options protocol-specific settings, documented per protocol and checked by its connector
 * @param pollInterval how often polled protocols read, and the default sampling interval of
 *     subscriptions
 * @param states how the tags become states, reasons and part counts; empty for a machine that OEE
 *     does not follow
 * @param alarms the machine's own alarm definitions (the site's patterns come on top)
 */
public record MachineDefinition(
    String id,
    String name,
    String area,
    String line,
    Protocol protocol,
    String endpoint,
    Map<String, String> options,
    Duration pollInterval,
    List<Tag> tags,
    Optional<StateModel> states,
    List<AlarmDefinition> alarms) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  static final Duration MIN_INTERVAL = Duration.ofMillis(1);
  static final Duration MAX_INTERVAL = Duration.ofHours(24);

  public MachineDefinition {
    requireName("id", "machine id", id);
    name = name == null || name.isBlank() ? id : name.strip();
    requireName("area", "area name", area);
    requireName("line", "line name", line);
    if (protocol == null) {
      throw new DefinitionException("protocol", "is missing");
    }
    if (endpoint == null || endpoint.isBlank()) {
      throw new DefinitionException(
          "endpoint",
          "is missing; for " + protocol.configName() + " write e.g. " + protocol.exampleEndpoint());
    }
    if (!protocol.acceptsEndpoint(endpoint)) {
      throw new DefinitionException(
          "endpoint",
          "\""
              + endpoint
              + "\" is not a "
              + protocol.configName()
              + " endpoint; write e.g. "
              + protocol.exampleEndpoint());
    }
    options = options == null ? Map.of() : Map.copyOf(options);
    pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
    checkInterval("pollInterval", pollInterval);
    tags = tags == null ? List.of() : List.copyOf(tags);
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < tags.size(); i++) {
      Integer first = seen.putIfAbsent(tags.get(i).name(), i);
      if (first != null) {
        throw new DefinitionException(
            "tags[" + i + "].name",
            "\"" + tags.get(i).name() + "\" is already the name of tags[" + first + "]");
      }
    }
    states = states == null ? Optional.empty() : states;
    states.ifPresent(s -> s.checkTags(seen.keySet()));
    alarms = alarms == null ? List.of() : List.copyOf(alarms);
    Map<String, Integer> alarmNames = new LinkedHashMap<>();
    for (int i = 0; i < alarms.size(); i++) {
      try {
        alarms.get(i).checkTags(seen.keySet());
      } catch (DefinitionException e) {
        throw e.within("alarms[" + i + "]");
      }
      for (AlarmDefinition.Point p : alarms.get(i).points()) {
        Integer first = alarmNames.putIfAbsent(p.name(), i);
        if (first != null) {
          throw new DefinitionException(
              "alarms[" + i + "].name",
              "the alarm \"" + p.name() + "\" is already defined by alarms[" + first + "]");
        }
      }
    }
  }

  /** A machine without alarms of its own. */
  public MachineDefinition(
      String id,
      String name,
      String area,
      String line,
      Protocol protocol,
      String endpoint,
      Map<String, String> options,
      Duration pollInterval,
      List<Tag> tags,
      Optional<StateModel> states) {
    this(id, name, area, line, protocol, endpoint, options, pollInterval, tags, states, List.of());
  }

  /** A machine that OEE does not follow. */
  public MachineDefinition(
      String id,
      String name,
      String area,
      String line,
      Protocol protocol,
      String endpoint,
      Map<String, String> options,
      Duration pollInterval,
      List<Tag> tags) {
    this(id, name, area, line, protocol, endpoint, options, pollInterval, tags, Optional.empty());
  }

  /** This machine with its own alarm definitions. */
  public MachineDefinition withAlarms(List<AlarmDefinition> definitions) {
    return new MachineDefinition(
        id, name, area, line, protocol, endpoint, options, pollInterval, tags, states, definitions);
  }

  /** This machine with its state model. */
  public MachineDefinition withStates(StateModel model) {
    return new MachineDefinition(
        id,
        name,
        area,
        line,
        protocol,
        endpoint,
        options,
        pollInterval,
        tags,
        Optional.of(model),
        alarms);
  }

  private static void requireName(String field, String subject, String value) {
    try {
      Names.requireName(subject, value);
    } catch (InvalidNameException e) {
      throw new DefinitionException(field, e.getMessage());
    }
  }

  static void checkInterval(String field, Duration interval) {
    if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new DefinitionException(
          field,
          "must be between "
              + Durations.format(MIN_INTERVAL)
              + " and "
              + Durations.format(MAX_INTERVAL)
              + ", not "
              + Durations.format(interval));
    }
  }

  /** The effective sampling interval of a tag: its own, else the machine's. */
  public Duration samplingInterval(Tag tag) {
    return tag.samplingInterval().orElse(pollInterval);
  }
}
