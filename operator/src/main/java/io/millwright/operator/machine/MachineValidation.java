package io.millwright.operator.machine;

import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.MachineState;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.StateCondition;
import io.millwright.core.machine.StateModel;
import io.millwright.core.machine.StateRule;
import io.millwright.core.machine.Tag;
import io.millwright.core.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns a {@code Machine}'s spec into the core model, with the same rules as the machines file: the
 * core records' checks, then the protocol's own (addresses, options). The CRD's schema catches
 * shapes and patterns at admission; this catches the rest (a duplicate tag, an address the protocol
 * cannot read) so the machine is marked Invalid instead of crashing its connector.
 */
public final class MachineValidation {

  /** Options that carry or point at a secret (OPC UA user authentication). */
  static final java.util.List<String> SECRET_OPTIONS = java.util.List.of("password", "passwordEnv");

  private final Consumer<MachineDefinition> protocolCheck;

  /**
   * @param protocolCheck each protocol's checks of a definition; throws {@link DefinitionException}
   *     naming the field
   */
  public MachineValidation(Consumer<MachineDefinition> protocolCheck) {
    this.protocolCheck = protocolCheck;
  }

  /**
   * @throws DefinitionException naming the field below {@code spec}, e.g. {@code spec.tags[2].type}
   */
  public MachineDefinition definition(Machine machine) {
    MachineSpec spec = machine.getSpec();
    if (spec == null) {
      throw new DefinitionException("spec", "is missing");
    }
    try {
      if (spec.options != null) {
        for (String secret : SECRET_OPTIONS) {
          if (spec.options.containsKey(secret)) {
            // The spec becomes a ConfigMap and is readable by anyone who may read Machines.
            throw new DefinitionException(
                "options." + secret,
                "credentials cannot be given in a Machine yet: its spec is stored and shown in"
                    + " clear; run this machine's connector outside the operator for now");
          }
        }
      }
      if (spec.pollInterval != null && spec.samplingInterval != null) {
        throw new DefinitionException(
            "samplingInterval", "give pollInterval or samplingInterval, not both");
      }
      List<Tag> tags = new ArrayList<>();
      List<TagSpec> tagSpecs = spec.tags == null ? List.of() : spec.tags;
      for (int i = 0; i < tagSpecs.size(); i++) {
        try {
          tags.add(tag(tagSpecs.get(i)));
        } catch (DefinitionException e) {
          throw e.within("tags[" + i + "]");
        }
      }
      MachineDefinition definition =
          new MachineDefinition(
              machine.machineId(),
              spec.name,
              spec.area,
              spec.line,
              parse("protocol", spec.protocol, Protocol::parse),
              spec.endpoint,
              spec.options,
              parse(
                  spec.samplingInterval != null ? "samplingInterval" : "pollInterval",
                  spec.samplingInterval != null ? spec.samplingInterval : spec.pollInterval,
                  MachineValidation::duration),
              tags);
      if (definition.tags().isEmpty()) {
        throw new DefinitionException("tags", "a machine needs at least one tag");
      }
      if (spec.states != null) {
        // After the tags: the state model's tag references are checked against them.
        definition = definition.withStates(states(spec.states));
      }
      if (spec.alarms != null && !spec.alarms.isEmpty()) {
        // After the tags too: the core checks each alarm's tag, inputs and message placeholders
        // against them, and that no two alarms share a name.
        definition = definition.withAlarms(alarms(spec.alarms));
      }
      protocolCheck.accept(definition);
      return definition;
    } catch (DefinitionException e) {
      throw e.within("spec");
    }
  }

  private static Tag tag(TagSpec t) {
    Scale scale = Scale.IDENTITY;
    if (t.scale != null) {
      try {
        scale =
            new Scale(
                t.scale.factor == null ? 1.0 : t.scale.factor,
                t.scale.offset == null ? 0.0 : t.scale.offset);
      } catch (DefinitionException e) {
        throw e.within("scale");
      }
    }
    return new Tag(
        t.name,
        t.address,
        parse("type", t.type, DataType::parse),
        t.unit == null ? "" : t.unit,
        scale,
        t.deadband == null ? 0.0 : t.deadband,
        Optional.ofNullable(parse("samplingInterval", t.samplingInterval, Durations::parse)),
        Boolean.TRUE.equals(t.writable));
  }

  /** The {@code alarms} list; problems name the field below {@code alarms[i]}. */
  static List<AlarmDefinition> alarms(List<AlarmSpec> specs) {
    List<AlarmDefinition> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      try {
        out.add(AlarmDefinitions.definition(specs.get(i)));
      } catch (DefinitionException e) {
        throw e.within("alarms[" + i + "]");
      }
    }
    return out;
  }

  /** The {@code states} section; problems name the field below {@code states}. */
  static StateModel states(StatesSpec s) {
    List<StateRule> rules = new ArrayList<>();
    List<StatesSpec.RuleSpec> ruleSpecs = s.rules == null ? List.of() : s.rules;
    for (int r = 0; r < ruleSpecs.size(); r++) {
      String path = "states.rules[" + r + "]";
      StatesSpec.RuleSpec rule = ruleSpecs.get(r);
      if (rule == null) {
        throw new DefinitionException(path, "is missing");
      }
      List<StateCondition> when = new ArrayList<>();
      List<StatesSpec.ConditionSpec> conditions = rule.when == null ? List.of() : rule.when;
      for (int c = 0; c < conditions.size(); c++) {
        try {
          when.add(condition(conditions.get(c)));
        } catch (DefinitionException e) {
          throw e.within(path + ".when[" + c + "]");
        }
      }
      try {
        rules.add(new StateRule(parse("state", rule.state, MachineState::parse), when));
      } catch (DefinitionException e) {
        throw e.within(path);
      }
    }
    Map<String, MachineState> values = new LinkedHashMap<>();
    if (s.stateValues != null) {
      s.stateValues.forEach(
          (raw, state) ->
              values.put(raw, parse("states.stateValues." + raw, state, MachineState::parse)));
    }
    Map<String, Duration> perProduct = new LinkedHashMap<>();
    if (s.idealCycles != null) {
      s.idealCycles.forEach(
          (product, text) ->
              perProduct.put(
                  product,
                  parse("states.idealCycles." + product, text, MachineValidation::duration)));
    }
    return new StateModel(
        rules,
        Optional.ofNullable(s.stateTag),
        values,
        Optional.ofNullable(s.reasonTag),
        s.reasonTable,
        Optional.ofNullable(s.totalTag),
        Optional.ofNullable(s.goodTag),
        Optional.ofNullable(s.scrapTag),
        Optional.ofNullable(s.productTag),
        parse("states.idealCycle", s.idealCycle, MachineValidation::duration),
        perProduct,
        parse("states.microStop", s.microStop, MachineValidation::duration));
  }

  private static StateCondition condition(StatesSpec.ConditionSpec c) {
    if (c == null) {
      throw new DefinitionException("tag", "is missing");
    }
    StateCondition.Test test = null;
    String operand = null;
    for (StateCondition.Test t : StateCondition.Test.values()) {
      Object value =
          switch (t) {
            case IS -> c.is == null ? null : c.is.getValue();
            case NOT -> c.not == null ? null : c.not.getValue();
            case ABOVE -> c.above;
            case BELOW -> c.below;
            case CHANGED_WITHIN -> c.changedWithin;
          };
      if (value == null) {
        continue;
      }
      if (test != null) {
        throw new DefinitionException(
            t.key(), "give one test per condition, not both " + test.key() + " and " + t.key());
      }
      test = t;
      operand = scalar(t.key(), value);
    }
    return new StateCondition(c.tag, test, operand);
  }

  /** A test's value as the machines file writes it: a number, true/false or text. */
  static String scalar(String field, Object value) {
    return switch (value) {
      case String text -> text;
      case Boolean b -> b.toString();
      // Whole numbers as written (is: 3, not 3.0): text tests compare them as text.
      case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15 ->
          Long.toString(d.longValue());
      case Number n -> n.toString();
      default ->
          throw new DefinitionException(
              field, "must be a number, true/false or text, not " + value);
    };
  }

  private static Duration duration(String text) {
    return Durations.parse(text);
  }

  /** Null stays null (the model's default applies); text the parser refuses names the field. */
  private static <T> T parse(String field, String text, Function<String, T> parser) {
    if (text == null) {
      return null;
    }
    try {
      return parser.apply(text);
    } catch (DefinitionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new DefinitionException(field, e.getMessage());
    }
  }
}
