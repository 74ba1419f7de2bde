package io.millwright.simulator.plant;

import io.millwright.core.machine.Protocol;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A load generator, not a model: many float tags ({@code value/0001}...), each taking a new value
 * every step, so protocol servers and connectors see the worst case of change. The values wander
 * around a per-tag level; nothing here has states or counters.
 */
final class SyntheticMachine extends SimulatedMachine {

  private final SplittableRandom rnd;
  private final int[] tagIndex;
  private final double[] level;
  private final double[] value;

  private SyntheticMachine(
      String id, Protocol protocol, TagTable table, SplittableRandom rnd, long startMillis) {
    super(
        id,
        "Synthetic machine " + id.substring(id.lastIndexOf('-') + 1),
        "synthetic",
        "line-1",
        protocol,
        table,
        new LinkState(null),
        startMillis);
    this.rnd = rnd;
    int n = table.size();
    tagIndex = new int[n];
    level = new double[n];
    value = new double[n];
    for (int i = 0; i < n; i++) {
      tagIndex[i] = table.indexOf(tagName(i), id);
      level[i] = 10 + rnd.nextDouble() * 990;
      value[i] = level[i];
      table.setDouble(tagIndex[i], value[i]);
    }
  }

  static String tagName(int i) {
    return String.format(Locale.ROOT, "value/%04d", i + 1);
  }

  static SyntheticMachine create(
      String id, int tagCount, Protocol protocol, SplittableRandom rnd, long startMillis) {
    TagTable.Builder b = TagTable.builder(protocol);
    for (int i = 0; i < tagCount; i++) {
      b.process(tagName(i), b.real(), "");
    }
    return new SyntheticMachine(id, protocol, b.build(), rnd, startMillis);
  }

  @Override
  synchronized void step() {
    now += Plant.STEP_MILLIS;
    tags.stepDrifts();
    for (int i = 0; i < value.length; i++) {
      // A step of 0.05 to 1, more likely back towards the level: always a change even at float32
      // precision (whose resolution near 1000 is 0.0001), never a runaway.
      double pUp = Math.clamp(0.5 - 0.05 * (value[i] - level[i]), 0.05, 0.95);
      double size = 0.05 + 0.95 * rnd.nextDouble();
      value[i] += rnd.nextDouble() < pUp ? size : -size;
      tags.setDouble(tagIndex[i], value[i]);
    }
  }
}
