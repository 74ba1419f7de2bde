package io.millwright.simulator.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.millwright.connect.Connector;
import io.millwright.connect.MachineLink;
import io.millwright.connect.mqtt.MqttDeviceConnectorFactory;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.simulator.FixtureMachine;
import io.millwright.uns.sparkplug.edge.TagSample;
import io.millwright.uns.testkit.Mosquitto;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The presenter publishes a machine through a real Mosquitto; the MQTT connector reads it. */
class MqttDevicePresenterIT {

  @RegisterExtension static final Mosquitto MOSQUITTO = new Mosquitto();

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The latest sample per tag, and whether the link is up. */
  static final class LatestSamples implements MachineLink {
    final Map<String, Sample> latest = new ConcurrentHashMap<>();
    volatile boolean connected;

    @Override
    public void samples(List<TagSample> samples) {
      samples.forEach(s -> latest.put(s.tag(), s.sample()));
    }

    @Override
    public void connected() {
      connected = true;
    }

    @Override
    public void disconnected(String reason) {
      connected = false;
    }
  }

  private static MqttDevicePresenter presenter(FixtureMachine machine) {
    return new MqttDevicePresenter(
        machine, MOSQUITTO.url(), Optional.of(Mosquitto.USER), Optional.of(Mosquitto.PASSWORD));
  }

  @Test
  void theConnectorReadsEveryTagOfThePresentedMachine() throws Exception {
    FixtureMachine machine = new FixtureMachine("mqtt-read-01", Protocol.MQTT);
    LatestSamples link = new LatestSamples();
    try (MqttDevicePresenter presenter = presenter(machine)) {
      presenter.start();
      presenter.tick(1_700_000_000_000L);
      MachineDefinition definition = presenter.definition();
      assertThat(definition.protocol()).isEqualTo(Protocol.MQTT);
      try (Connector connector = new MqttDeviceConnectorFactory().create(definition)) {
        connector.start(link);
        await()
            .atMost(WAIT)
            .untilAsserted(() -> assertThat(link.latest).hasSize(machine.tags().size()));
        for (DataType type : DataType.values()) {
          assertThat(link.latest.get(FixtureMachine.value(type)))
              .as(type.configName())
              .isEqualTo(Sample.good(1_700_000_000_000L, FixtureMachine.INITIAL.get(type)));
        }

        machine.set(FixtureMachine.value(DataType.FLOAT64), Value.of(42.25));
        presenter.tick(1_700_000_001_000L);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    Value.of(42.25)
                        .equals(link.latest.get(FixtureMachine.value(DataType.FLOAT64)).value()));
      }
    }
  }

  @Test
  void aWriteThroughTheConnectorChangesTheMachine() throws Exception {
    FixtureMachine machine = new FixtureMachine("mqtt-write-01", Protocol.MQTT);
    LatestSamples link = new LatestSamples();
    String setpoint = FixtureMachine.setpoint(DataType.INT32);
    try (MqttDevicePresenter presenter = presenter(machine)) {
      presenter.start();
      presenter.tick(1_700_000_000_000L);
      try (Connector connector = new MqttDeviceConnectorFactory().create(presenter.definition())) {
        connector.start(link);
        await().atMost(WAIT).until(() -> link.connected);

        connector.write(setpoint, Value.of(777L)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> Value.of(777L).equals(machine.read(setpoint)));
        // Counted just after the machine took the value, on the presenter's MQTT thread.
        await().atMost(WAIT).until(() -> presenter.commandsApplied() == 1);

        // The machine refuses what its own checks refuse; the broker still acknowledged it.
        connector.write(setpoint, Value.of(99_999L)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> presenter.commandsRefused() == 1);
        assertThat(machine.read(setpoint)).isEqualTo(Value.of(777L));

        presenter.tick(1_700_000_001_000L);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(link.latest.get(setpoint))
                        .extracting(Sample::value, Sample::quality)
                        .containsExactly(Value.of(777L), Quality.GOOD));
      }
    }
  }

  @Test
  void afterABrokerRestartThePresenterPublishesAndTakesCommandsAgain() throws Exception {
    FixtureMachine machine = new FixtureMachine("mqtt-restart-01", Protocol.MQTT);
    LatestSamples link = new LatestSamples();
    String setpoint = FixtureMachine.setpoint(DataType.FLOAT32);
    String value = FixtureMachine.value(DataType.FLOAT32);
    try (MqttDevicePresenter presenter = presenter(machine)) {
      presenter.start();
      try (Connector connector = new MqttDeviceConnectorFactory().create(presenter.definition())) {
        connector.start(link);
        await().atMost(WAIT).until(() -> link.connected);

        MOSQUITTO.stop();
        try {
          await().atMost(WAIT).until(() -> !link.connected);
        } finally {
          MOSQUITTO.restart();
        }
        await().atMost(WAIT).until(() -> link.connected);

        // The broker lost the retained status with its restart: the next change brings it back.
        machine.set(value, Value.of(3.5));
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  presenter.tick(System.currentTimeMillis());
                  assertThat(link.latest.get(value))
                      .extracting(Sample::value)
                      .isEqualTo(Value.of(3.5));
                });
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  connector.write(setpoint, Value.of(6.5)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                  assertThat(machine.read(setpoint)).isEqualTo(Value.of(6.5));
                });
      }
    }
  }
}
