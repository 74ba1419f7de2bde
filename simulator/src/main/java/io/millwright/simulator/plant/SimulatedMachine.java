package io.millwright.simulator.plant;

import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Value;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import java.util.List;

/**
 * What every simulated machine shares: identity, its tag table, its link, and one lock that
 * protocol server threads (read, write) and the plant clock (step) take in turn. The lock is held
 * for a few array accesses on reads and for about a microsecond per step.
 */
abstract class SimulatedMachine implements ServedMachine {

  private final String id;
  private final String name;
  private final String area;
  private final String line;
  private final Protocol protocol;
  protected final TagTable tags;
  protected final LinkState link;
  protected long now;

  SimulatedMachine(
      String id,
      String name,
      String area,
      String line,
      Protocol protocol,
      TagTable tags,
      LinkState link,
      long startMillis) {
    this.id = id;
    this.name = name;
    this.area = area;
    this.line = line;
    this.protocol = protocol;
    this.tags = tags;
    this.link = link;
    this.now = startMillis;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String area() {
    return area;
  }

  @Override
  public String line() {
    return line;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public List<TagSpec> tags() {
    return tags.specs();
  }

  @Override
  public Value read(String tag) {
    int i = tags.indexOf(tag, id);
    synchronized (this) {
      return tags.read(i);
    }
  }

  @Override
  public void write(String tag, Value value) {
    int i = tags.indexOf(tag, id);
    synchronized (this) {
      written(i, value);
    }
  }

  /** Checks and stores a client's write; machines that react to writes extend this. */
  protected void written(int tag, Value value) {
    tags.write(tag, value, id);
  }

  @Override
  public boolean linkUp() {
    return link.up();
  }

  /** Moves the machine on by one step of {@link Plant#STEP_MILLIS}. */
  abstract void step();

  synchronized void startDrift(String tag, double perMinute) {
    tags.startDrift(tags.indexOf(tag, id), perMinute, id);
  }

  /** Services the machine; here that takes out injected drifts. */
  synchronized void maintenance() {
    tags.resetDrifts();
  }

  synchronized void dropLink() {
    link.drop();
  }

  synchronized void restoreLink() {
    link.restore(now);
  }

  synchronized void flakyLink(boolean on) {
    link.flaky(on, now);
  }

  /** The longest string a writable text tag of this machine takes. */
  int textLimit() {
    return tags.textLimit();
  }
}
