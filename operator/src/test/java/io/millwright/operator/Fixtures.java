package io.millwright.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.operator.machine.Machine;
import io.millwright.operator.machine.MachineSpec;
import io.millwright.operator.machine.StatesSpec;
import io.millwright.operator.machine.TagSpec;
import io.millwright.operator.site.Site;
import io.millwright.operator.site.SiteSpec;
import java.util.List;
import java.util.function.Consumer;

/** Sites and machines for the operator's tests. */
public final class Fixtures {

  /** Tests that do not exercise the protocols' own address checks. */
  public static final Consumer<MachineDefinition> NO_PROTOCOL_CHECK = d -> {};

  private Fixtures() {}

  public static Site site(String name, String namespace) {
    Site site = new Site();
    site.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    site.setSpec(new SiteSpec());
    return site;
  }

  /** A Modbus machine with two tags on the given line. */
  public static Machine machine(String id, String namespace, String area, String line) {
    Machine m = new Machine();
    m.setMetadata(new ObjectMetaBuilder().withName(id).withNamespace(namespace).build());
    MachineSpec spec = new MachineSpec();
    spec.area = area;
    spec.line = line;
    spec.protocol = "modbus";
    spec.endpoint = "tcp://10.0.0.21:502";
    spec.pollInterval = "500ms";
    spec.tags =
        List.of(
            tag("hydraulics/oil-temperature", "holding:0", "float32"),
            tag("counts/good", "input:0", "uint32"));
    m.setSpec(spec);
    return m;
  }

  /**
   * A state model on the tags of {@link #machine}: fault when the oil is hot, producing while the
   * good count moves, else idle.
   */
  public static StatesSpec states() {
    StatesSpec s = new StatesSpec();
    s.rules =
        List.of(
            rule("fault", condition("hydraulics/oil-temperature", c -> c.above = 80.0)),
            rule("producing", condition("counts/good", c -> c.changedWithin = "60s")),
            rule("idle"));
    s.goodTag = "counts/good";
    s.idealCycle = "2s";
    return s;
  }

  public static StatesSpec.RuleSpec rule(String state, StatesSpec.ConditionSpec... when) {
    StatesSpec.RuleSpec r = new StatesSpec.RuleSpec();
    r.state = state;
    r.when = when.length == 0 ? null : List.of(when);
    return r;
  }

  public static StatesSpec.ConditionSpec condition(
      String tag, Consumer<StatesSpec.ConditionSpec> test) {
    StatesSpec.ConditionSpec c = new StatesSpec.ConditionSpec();
    c.tag = tag;
    test.accept(c);
    return c;
  }

  public static TagSpec tag(String name, String address, String type) {
    TagSpec t = new TagSpec();
    t.name = name;
    t.address = address;
    t.type = type;
    return t;
  }
}
