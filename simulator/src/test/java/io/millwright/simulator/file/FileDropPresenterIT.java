package io.millwright.simulator.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.MachineLink;
import io.millwright.connect.file.FileDropConnector;
import io.millwright.connect.file.FileDropConnectorFactory;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presenter's drop folder read, and its outbox written, by the real file-drop connector. */
class FileDropPresenterIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final long T0 = Instant.parse("2026-11-23T08:00:00Z").toEpochMilli();

  @TempDir Path drop;
  @TempDir Path state;

  private final InspectionMachine machine = new InspectionMachine();
  private final Map<String, Sample> latest = new ConcurrentHashMap<>();
  private FileDropPresenter presenter;
  private FileDropConnector connector;

  private final MachineLink link =
      new MachineLink() {
        @Override
        public void samples(List<TagSample> samples) {
          samples.forEach(s -> latest.put(s.tag(), s.sample()));
        }

        @Override
        public void connected() {
          events.add("connected");
        }

        @Override
        public void disconnected(String reason) {
          events.add("disconnected: " + reason);
        }
      };

  private final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (connector != null) {
      connector.close();
    }
    if (presenter != null) {
      presenter.close();
    }
  }

  private void startBoth() {
    presenter = new FileDropPresenter(machine, drop, 10);
    presenter.start();
    connector = new FileDropConnectorFactory(state).create(presenter.definition());
    connector.start(link);
  }

  @Test
  void theStateAtStartAndEachCycleAreOneReportFileEachReadByTheConnector() {
    startBoth();
    presenter.tick(T0);
    assertThat(presenter.resultsWritten()).as("the machine as the simulator starts").isOne();
    presenter.tick(T0 + 500);
    assertThat(presenter.resultsWritten()).as("nothing happened").isOne();
    machine.measured(1, true, 0.012, "HUB, \"A\"-1");
    presenter.tick(T0 + 1000);
    presenter.tick(T0 + 2000);
    assertThat(presenter.resultsWritten()).isEqualTo(2);
    // The connector hands over one file at a time: the first report's counts/cycles (0 at T0)
    // shows until the second's arrives, so wait for the second's values, not for any.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(latest)
                    .containsEntry("counts/cycles", Sample.good(T0 + 1000, Value.of(1L)))
                    .containsEntry("result/pass", Sample.good(T0 + 1000, Value.of(true)))
                    .containsEntry("bore/deviation", Sample.good(T0 + 1000, Value.of(0.012)))
                    .containsEntry("part/id", Sample.good(T0 + 1000, Value.of("HUB, \"A\"-1"))));
    await()
        .atMost(WAIT)
        .until(() -> Files.exists(drop.resolve("done/result-" + (T0 + 1000) + "-000002.csv")));
    assertThat(drop.resolve("error")).doesNotExist();
  }

  @Test
  void jobsWrittenByTheConnectorAreAppliedAndDeleted() throws Exception {
    startBoth();
    connector.write("job/order", Value.of("PO-4711")).get(15, TimeUnit.SECONDS);
    connector.write("job/target", Value.of(250L)).get(15, TimeUnit.SECONDS);
    presenter.tick(T0);
    assertThat(machine.read("job/order")).isEqualTo(Value.of("PO-4711"));
    assertThat(machine.read("job/target")).isEqualTo(Value.of(250L));
    assertThat(presenter.jobsApplied()).isEqualTo(2);
    assertThat(jobs()).isEmpty();
  }

  @Test
  void aJobTheMachineRefusesIsKeptWithTheReason() throws Exception {
    startBoth();
    connector.write("job/target", Value.of(99_999L)).get(15, TimeUnit.SECONDS);
    presenter.tick(T0);
    assertThat(presenter.jobsRefused()).isOne();
    assertThat(machine.read("job/target")).isEqualTo(Value.of(0L));
    Path reason =
        jobs().stream().filter(p -> p.toString().endsWith(".error.txt")).findFirst().orElseThrow();
    assertThat(Files.readString(reason)).contains("job/target = 99999 is out of range");
  }

  @Test
  void aDroppedLinkUnmountsTheFolderAndWhatWasWrittenMeanwhileArrivesAfterwards() {
    startBoth();
    presenter.tick(T0);
    await().atMost(WAIT).until(() -> events.contains("connected"));
    machine.linkUp = false;
    machine.measured(1, true, 0.012, "HUB-1");
    presenter.tick(T0 + 1000);
    await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.contains("does not exist")));
    assertThat(drop).doesNotExist();
    machine.linkUp = true;
    presenter.tick(T0 + 2000);
    await().atMost(WAIT).until(() -> events.getLast().equals("connected"));
    await()
        .atMost(WAIT)
        .until(() -> Sample.good(T0 + 1000, Value.of(1L)).equals(latest.get("counts/cycles")));
  }

  @Test
  void aMachineWithoutACycleCounterReportsEveryFewTicks() {
    FileDropPresenter p = new FileDropPresenter(new FixtureMachine("fx-1", Protocol.FILE), drop, 3);
    p.start();
    for (int i = 1; i <= 7; i++) {
      p.tick(T0 + i);
    }
    assertThat(p.resultsWritten()).isEqualTo(2);
    MachineDefinition d = p.definition();
    assertThat(d.endpoint()).startsWith("file:/");
    assertThat(d.tags()).extracting(t -> t.address()).contains("float64/value", "int16/setpoint");
    p.close();
  }

  @Test
  void theDefinitionNeedsAStart() {
    FileDropPresenter p = new FileDropPresenter(machine, drop, 1);
    assertThatThrownBy(p::definition).isInstanceOf(IllegalStateException.class);
  }

  private List<Path> jobs() throws Exception {
    try (Stream<Path> s = Files.list(drop.resolve("jobs"))) {
      return s.toList();
    }
  }
}
