package io.millwright.app.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.app.config.HistorianConfig;
import io.millwright.app.config.MillwrightConfig;
import io.millwright.app.config.MqttConfig;
import io.millwright.app.config.OeeConfig;
import io.millwright.app.config.SimulationConfig;
import io.millwright.historian.retention.RetentionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ModuleManagerTest {

  private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger fatalCalls = new AtomicInteger();

  static MillwrightConfig config(Duration shutdown) {
    MqttConfig mqtt =
        new MqttConfig(
            "127.0.0.1",
            1883,
            8883,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            false);
    return new MillwrightConfig(
        "acme",
        "plant-1",
        Path.of("data"),
        "127.0.0.1",
        8080,
        mqtt,
        List.of("all"),
        shutdown,
        Optional.empty(),
        List.of(),
        "connectors",
        Optional.empty(),
        List.of(),
        new HistorianConfig(
            HistorianConfig.EMBEDDED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "mw",
            RetentionPolicy.DEFAULT),
        OeeConfig.NONE,
        io.millwright.app.config.AlarmsConfig.NONE,
        io.millwright.app.config.JobsConfig.NONE,
        Optional.empty(),
        Optional.empty(),
        new SimulationConfig("127.0.0.1", 4840, 5020, 1102, 9092, 8091, true, 1));
  }

  /** A module that writes what happens to it into the journal. */
  class Recording implements Module {
    final String name;
    final boolean failStart;
    final Duration stopTakes;

    Recording(String name, boolean failStart, Duration stopTakes) {
      this.name = name;
      this.failStart = failStart;
      this.stopTakes = stopTakes;
    }

    @Override
    public void start(ModuleContext context) {
      journal.add("start " + name);
      if (failStart) {
        throw new IllegalStateException("port 1883 is taken");
      }
    }

    @Override
    public void stop() throws InterruptedException {
      Thread.sleep(stopTakes.toMillis());
      journal.add("stop " + name);
    }
  }

  /** A module that needs the one before it in the test's plan, so that the order is fixed. */
  private ModuleDescriptor module(String name, boolean failStart, Duration stopTakes) {
    Set<String> needs = previous == null ? Set.of() : Set.of(previous);
    previous = name;
    return ModuleDescriptor.role(
        name, name, needs, () -> new Recording(name, failStart, stopTakes));
  }

  private String previous;

  @Test
  void modulesThatDoNotNeedEachOtherStartSideBySide() throws Exception {
    // Each waits until the other has begun: started one after the other, neither would finish.
    CountDownLatch bothStarting = new CountDownLatch(2);
    Supplier<Module> waiting =
        () ->
            new Module() {
              @Override
              public void start(ModuleContext context) throws InterruptedException {
                bothStarting.countDown();
                if (!bothStarting.await(10, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("started alone");
                }
              }

              @Override
              public void stop() {}
            };
    ModuleManager m =
        manager(
            Duration.ofSeconds(5),
            ModuleDescriptor.role("broker", "broker", Set.of(), waiting),
            ModuleDescriptor.role("simulator", "simulator", Set.of(), waiting));
    m.startAll();
    assertThat(m.status()).allMatch(s -> s.state() == ModuleState.RUNNING);
    m.stopAll(Duration.ofSeconds(5));
  }

  private ModuleManager manager(Duration shutdown, ModuleDescriptor... plan) {
    return new ModuleManager(List.of(plan), config(shutdown), why -> fatalCalls.incrementAndGet());
  }

  @Test
  void startsInOrderAndStopsInReverse() throws Exception {
    ModuleManager m =
        manager(
            Duration.ofSeconds(5),
            module("data", false, Duration.ZERO),
            module("broker", false, Duration.ZERO),
            module("historian", false, Duration.ZERO));
    m.startAll();
    assertThat(m.status()).allMatch(s -> s.state() == ModuleState.RUNNING && s.health().ready());
    m.stopAll(Duration.ofSeconds(5));
    m.stopAll(Duration.ofSeconds(5));
    assertThat(journal)
        .containsExactly(
            "start data",
            "start broker",
            "start historian",
            "stop historian",
            "stop broker",
            "stop data");
    assertThat(m.status()).allMatch(s -> s.state() == ModuleState.STOPPED && !s.health().ready());
  }

  @Test
  void aFailedStartStopsWhatAlreadyRunsAndNeverStartsTheRest() {
    ModuleManager m =
        manager(
            Duration.ofSeconds(5),
            module("data", false, Duration.ZERO),
            module("broker", true, Duration.ZERO),
            module("historian", false, Duration.ZERO));
    assertThatThrownBy(m::startAll)
        .isInstanceOf(ModuleStartException.class)
        .hasMessage("role 'broker' failed to start: port 1883 is taken");
    assertThat(journal).containsExactly("start data", "start broker", "stop broker", "stop data");
    assertThat(m.status().get(2).state()).isEqualTo(ModuleState.STOPPED);
  }

  @Test
  void aModuleThatDoesNotStopInTimeIsAbandonedAndTheOthersStillStop() throws Exception {
    ModuleManager m =
        manager(
            Duration.ofSeconds(1),
            module("data", false, Duration.ZERO),
            module("stuck", false, Duration.ofSeconds(30)));
    m.startAll();
    long begin = System.nanoTime();
    m.stopAll(Duration.ofMillis(300));
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
    assertThat(journal).contains("stop data").doesNotContain("stop stuck");
    assertThat(m.status().get(1).state()).isEqualTo(ModuleState.FAILED);
    assertThat(m.status().get(1).failure()).isEqualTo("did not stop within the shutdown budget");
  }

  @Test
  void aRunningModuleThatFailsMakesTheProcessExitOnce() throws Exception {
    ModuleContext[] seen = new ModuleContext[1];
    ModuleDescriptor failing =
        ModuleDescriptor.role(
            "publisher",
            "",
            Set.of(),
            () ->
                new Module() {
                  @Override
                  public void start(ModuleContext context) {
                    seen[0] = context;
                  }

                  @Override
                  public void stop() {}
                });
    ModuleManager m = manager(Duration.ofSeconds(1), failing);
    m.startAll();
    seen[0].fail("disk is full", null);
    seen[0].fail("disk is still full", null);
    assertThat(fatalCalls).hasValue(1);
    assertThat(m.fatalFailure()).isEqualTo("role 'publisher' failed: disk is full");
    assertThat(m.status().getFirst().health().live()).isFalse();
  }

  @Test
  void servicesFlowFromProviderToDependent() throws Exception {
    Key<String> key = Key.of("greeting", String.class);
    List<String> received = new ArrayList<>();
    ModuleDescriptor provider =
        ModuleDescriptor.internal(
            "provider",
            "",
            Set.of(),
            () ->
                new Module() {
                  @Override
                  public void start(ModuleContext c) {
                    c.provide(key, "hello");
                  }

                  @Override
                  public void stop() {}
                });
    ModuleDescriptor consumer =
        ModuleDescriptor.role(
            "consumer",
            "",
            Set.of("provider"),
            () ->
                new Module() {
                  @Override
                  public void start(ModuleContext c) {
                    received.add(c.require(key));
                  }

                  @Override
                  public void stop() {}
                });
    ModuleManager m = manager(Duration.ofSeconds(1), provider, consumer);
    m.startAll();
    assertThat(received).containsExactly("hello");
    assertThat(m.service(key)).contains("hello");
  }

  @Test
  void illegalMovesAreRefusedByTheTransitionTable() {
    assertThat(ModuleState.NEW.canMoveTo(ModuleState.RUNNING)).isFalse();
    assertThat(ModuleState.STOPPED.canMoveTo(ModuleState.STARTING)).isFalse();
    assertThat(ModuleState.RUNNING.canMoveTo(ModuleState.STOPPING)).isTrue();
  }
}
