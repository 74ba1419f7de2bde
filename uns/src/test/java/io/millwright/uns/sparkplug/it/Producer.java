package io.millwright.uns.sparkplug.it;

import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.sparkplug.edge.EdgeNodeState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connector publishing all the time, alternating two tags, each sample identified by its
 * timestamp (a counter). It notes for each accepted sample whether the edge node was out of ONLINE
 * both before and after the call: such a sample went to the store-and-forward buffer.
 */
final class Producer implements AutoCloseable {

  static final String NUMBER = "spindle/setpoint";
  static final String TEXT = "program";

  record Produced(String tag, long timestamp, boolean buffered) {}

  final List<Produced> produced = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stop;

  Producer(EdgeNodeSession edge, DeviceHandle device) {
    thread =
        Thread.ofPlatform()
            .name("producer")
            .start(
                () -> {
                  for (long i = 1; !stop; i++) {
                    String tag = i % 2 == 0 ? NUMBER : TEXT;
                    Sample sample =
                        Sample.good(i, i % 2 == 0 ? Value.of(i) : Value.of("program-" + i));
                    boolean before = !edge.state().equals(EdgeNodeState.ONLINE);
                    if (device.publish(tag, sample)) {
                      boolean after = !edge.state().equals(EdgeNodeState.ONLINE);
                      produced.add(new Produced(tag, i, before && after));
                    }
                    try {
                      Thread.sleep(1); // a machine's pace, not a wait for anything
                    } catch (InterruptedException e) {
                      return;
                    }
                  }
                });
  }

  List<Produced> buffered() {
    return produced.stream().filter(Produced::buffered).toList();
  }

  long lastTimestamp() {
    return produced.isEmpty() ? 0 : produced.getLast().timestamp();
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
