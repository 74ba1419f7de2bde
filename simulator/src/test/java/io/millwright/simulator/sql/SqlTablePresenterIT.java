package io.millwright.simulator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.MachineLink;
import io.millwright.connect.WriteException;
import io.millwright.connect.sql.SqlConnector;
import io.millwright.connect.sql.SqlConnectorFactory;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.simulator.PortInUseException;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.TagSpec;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL presenter read and written by the real SQL-table connector. */
class SqlTablePresenterIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long T0 = 1_795_000_000_000L;

  @TempDir Path state;

  private final AtomicLong clock = new AtomicLong(T0);

  /** A link that keeps samples and events in order. */
  static final class Recording implements MachineLink {
    final List<TagSample> samples = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void samples(List<TagSample> batch) {
      samples.addAll(batch);
    }

    @Override
    public void connected() {
      events.add("connected");
    }

    @Override
    public void disconnected(String reason) {
      events.add("disconnected");
    }

    List<Sample> of(String tag) {
      return samples.stream().filter(s -> s.tag().equals(tag)).map(TagSample::sample).toList();
    }
  }

  private SqlTablePresenter presenter(ServedMachine machine) {
    return new SqlTablePresenter(machine, 0, Optional.empty(), "sim", "simulated");
  }

  private SqlConnector connector(MachineDefinition definition) {
    return new SqlConnectorFactory(state).create(definition);
  }

  private void tick(SqlTablePresenter p) {
    p.tick(clock.addAndGet(1000));
  }

  @Test
  void theDefinitionNamesTheServerTablesAndColumns() {
    try (SqlTablePresenter p = presenter(new FixtureMachine("cmm-01", Protocol.SQL))) {
      p.start();
      MachineDefinition d = p.definition();
      assertThat(d.protocol()).isEqualTo(Protocol.SQL);
      assertThat(d.endpoint()).matches("jdbc:h2:tcp://127\\.0\\.0\\.1:\\d+/mem:cmm-01-\\w+");
      assertThat(d.options())
          .containsEntry("table", "results")
          .containsEntry("watermark", "id")
          .containsEntry("timestamp", "recorded_at")
          .containsEntry("commandTable", "commands");
      Tag setpoint =
          d.tags().stream().filter(t -> t.name().equals("int32/setpoint")).findFirst().get();
      assertThat(setpoint.address()).isEqualTo("int32_setpoint");
      assertThat(setpoint.writable()).isTrue();
    }
  }

  @Test
  void everyTickOfAMachineWithoutCyclesIsARowTheConnectorReads() {
    FixtureMachine machine = new FixtureMachine("bench-01", Protocol.SQL);
    Recording link = new Recording();
    try (SqlTablePresenter p = presenter(machine)) {
      p.start();
      try (SqlConnector c = connector(p.definition())) {
        c.start(link);
        tick(p);
        tick(p);
        machine.set(FixtureMachine.value(DataType.INT32), Value.of(77L));
        tick(p);
        String int32 = FixtureMachine.value(DataType.INT32);
        await().atMost(WAIT).until(() -> link.of(int32).size() == 3);
        assertThat(link.of(int32))
            .extracting(Sample::value)
            .containsExactly(
                FixtureMachine.INITIAL.get(DataType.INT32),
                FixtureMachine.INITIAL.get(DataType.INT32),
                Value.of(77L));
        assertThat(link.of(int32))
            .extracting(Sample::timestamp)
            .containsExactly(T0 + 1000, T0 + 2000, T0 + 3000);
        for (DataType type : DataType.values()) {
          assertThat(link.of(FixtureMachine.value(type)).getFirst())
              .extracting(Sample::value)
              .isEqualTo(FixtureMachine.INITIAL.get(type));
        }
        // Writable tags are result columns too: the machine reports what it was told to do.
        String setpoint = FixtureMachine.setpoint(DataType.INT32);
        assertThat(link.of(setpoint)).hasSize(3);
        assertThat(link.of(setpoint).getLast().value()).isEqualTo(machine.read(setpoint));
        assertThat(p.rows()).isEqualTo(3);
      }
    }
  }

  @Test
  void writesAreCarriedOutOrRefusedByTheMachine() throws Exception {
    FixtureMachine machine = new FixtureMachine("press-01", Protocol.SQL);
    Recording link = new Recording();
    try (SqlTablePresenter p = presenter(machine)) {
      p.start();
      try (SqlConnector c = connector(p.definition())) {
        c.start(link);
        await().atMost(WAIT).until(() -> link.events.contains("connected"));
        String setpoint = FixtureMachine.setpoint(DataType.INT32);
        CompletableFuture<Void> ok = c.write(setpoint, Value.of(4200L));
        CompletableFuture<Void> tooHigh = c.write(setpoint, Value.of(20_000L));
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  tick(p);
                  return ok.isDone() && tooHigh.isDone();
                });
        ok.get(1, TimeUnit.SECONDS);
        assertThat(machine.read(setpoint)).isEqualTo(Value.of(4200L));
        assertThatThrownBy(tooHigh::join)
            .cause()
            .isInstanceOf(WriteException.class)
            .hasMessageContaining("the machine refused the write")
            .hasMessageContaining("out of range");
        assertThat(p.commands()).isEqualTo(2);
      }
    }
  }

  @Test
  void aMachineGetsARowAtStartAndWheneverSomethingButAProcessValueChanges() {
    CycleMachine machine = new CycleMachine();
    Recording link = new Recording();
    try (SqlTablePresenter p = presenter(machine)) {
      p.start();
      MachineDefinition d = p.definition();
      assertThat(d.tags())
          .extracting(Tag::address)
          .containsExactly("counts_cycles", "spindle_speed", "spindle_speed_2");
      try (SqlConnector c = connector(d)) {
        c.start(link);
        tick(p);
        tick(p);
        machine.values.put("counts/cycles", Value.of(1L));
        machine.values.put("spindle/speed", Value.of(1200.0));
        tick(p);
        // A process value alone makes no row.
        machine.values.put("spindle/speed", Value.of(1300.0));
        tick(p);
        machine.values.put("counts/cycles", Value.of(2L));
        tick(p);
        // Nor does a tick without change; a change of another tag does (as a state change would).
        tick(p);
        machine.values.put("spindle_speed", Value.of("S3"));
        tick(p);
        await().atMost(WAIT).until(() -> link.of("counts/cycles").size() == 4);
        assertThat(link.of("counts/cycles"))
            .extracting(Sample::value)
            .containsExactly(Value.of(0L), Value.of(1L), Value.of(2L), Value.of(2L));
        assertThat(link.of("spindle/speed").get(1).value()).isEqualTo(Value.of(1200.0));
        assertThat(link.of("spindle/speed").get(2).value()).isEqualTo(Value.of(1300.0));
        assertThat(link.of("spindle_speed").getLast().value()).isEqualTo(Value.of("S3"));
        assertThat(p.rows()).isEqualTo(4);
      }
    }
  }

  @Test
  void aDroppedLinkRefusesTheConnectorWhichCatchesUpAfterwards() {
    FixtureMachine machine = new FixtureMachine("cmm-02", Protocol.SQL);
    Recording link = new Recording();
    String int16 = FixtureMachine.value(DataType.INT16);
    try (SqlTablePresenter p = presenter(machine)) {
      p.start();
      try (SqlConnector c = connector(p.definition())) {
        c.start(link);
        tick(p);
        await().atMost(WAIT).until(() -> link.of(int16).size() == 1);
        machine.setLinkUp(false);
        for (long v = 1; v <= 3; v++) {
          machine.set(int16, Value.of(v));
          tick(p);
        }
        await().atMost(WAIT).until(() -> link.events.contains("disconnected"));
        machine.setLinkUp(true);
        tick(p);
        await().atMost(WAIT).until(() -> link.of(int16).size() == 5);
        assertThat(link.of(int16))
            .extracting(Sample::value)
            .containsExactly(
                FixtureMachine.INITIAL.get(DataType.INT16),
                Value.of(1L),
                Value.of(2L),
                Value.of(3L),
                Value.of(3L));
        assertThat(link.events).containsExactly("connected", "disconnected", "connected");
      }
    }
  }

  @Test
  void aDatabaseInADirectoryKeepsItsRowsAcrossRestartsOfTheSimulator(@TempDir Path data) {
    FixtureMachine machine = new FixtureMachine("cmm-03", Protocol.SQL);
    String int64 = FixtureMachine.value(DataType.INT64);
    Recording link = new Recording();
    try (SqlTablePresenter p =
        new SqlTablePresenter(machine, 0, Optional.of(data), "sim", "simulated")) {
      p.start();
      assertThat(p.definition().endpoint()).endsWith("/cmm-03");
      machine.set(int64, Value.of(1L));
      tick(p);
      try (SqlConnector c = connector(p.definition())) {
        c.start(link);
        await().atMost(WAIT).until(() -> link.of(int64).size() == 1);
      }
      machine.set(int64, Value.of(2L));
      tick(p);
    }
    try (SqlTablePresenter p =
        new SqlTablePresenter(machine, 0, Optional.of(data), "sim", "simulated")) {
      p.start();
      machine.set(int64, Value.of(3L));
      tick(p);
      // The connector's watermark and the machine's table both survived: row 2 was recorded
      // while nobody read, row 3 after the restart.
      try (SqlConnector c = connector(p.definition())) {
        c.start(link);
        await().atMost(WAIT).until(() -> link.of(int64).size() == 3);
      }
      assertThat(link.of(int64))
          .extracting(Sample::value)
          .containsExactly(Value.of(1L), Value.of(2L), Value.of(3L));
    }
  }

  @Test
  void aTakenPortIsReportedAndNothingIsLeftRunning() {
    try (SqlTablePresenter first = presenter(new FixtureMachine("a", Protocol.SQL))) {
      first.start();
      String endpoint = first.definition().endpoint();
      int port = Integer.parseInt(endpoint.replaceAll(".*:(\\d+)/.*", "$1"));
      try (SqlTablePresenter second =
          new SqlTablePresenter(
              new FixtureMachine("b", Protocol.SQL), port, Optional.empty(), "sim", "x")) {
        assertThatThrownBy(second::start)
            .isInstanceOfSatisfying(
                PortInUseException.class, e -> assertThat(e.port()).isEqualTo(port));
        assertThatThrownBy(second::definition).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  /** A machine that counts cycles, with two tags whose column names collide. */
  static final class CycleMachine implements ServedMachine {
    final Map<String, Value> values =
        new ConcurrentHashMap<>(
            Map.of(
                "counts/cycles", Value.of(0L),
                "spindle/speed", Value.of(0.0),
                "spindle_speed", Value.of("S2")));

    @Override
    public String id() {
      return "mill-01";
    }

    @Override
    public String name() {
      return "Mill";
    }

    @Override
    public String area() {
      return "machining";
    }

    @Override
    public String line() {
      return "cell-1";
    }

    @Override
    public Protocol protocol() {
      return Protocol.SQL;
    }

    @Override
    public List<TagSpec> tags() {
      return List.of(
          new TagSpec("counts/cycles", DataType.INT64, "", false),
          new TagSpec("spindle/speed", DataType.FLOAT64, "rpm", false),
          new TagSpec("spindle_speed", DataType.STRING, "", false));
    }

    @Override
    public Value read(String tag) {
      return values.get(tag);
    }

    @Override
    public void write(String tag, Value value) {
      throw new IllegalArgumentException(tag + " is read-only");
    }

    @Override
    public boolean linkUp() {
      return true;
    }
  }
}
