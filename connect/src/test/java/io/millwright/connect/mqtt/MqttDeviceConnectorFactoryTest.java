package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.connect.Connector;
import io.millwright.connect.LinkStatus;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttDeviceConnectorFactoryTest {

  private final MqttDeviceConnectorFactory factory =
      new MqttDeviceConnectorFactory(Map.of("BROKER_PASSWORD", "s3cret")::get);

  static MachineDefinition machine(String endpoint, Map<String, String> options, List<Tag> tags) {
    return new MachineDefinition(
        "cnc-01", "CNC 1", "machining", "line-1", Protocol.MQTT, endpoint, options, null, tags);
  }

  static Tag writable(String name, String address, DataType type) {
    return new Tag(name, address, type, "", Scale.IDENTITY, 0, Optional.empty(), true);
  }

  private static DefinitionException refusal(Runnable create) {
    try {
      create.run();
    } catch (DefinitionException e) {
      return e;
    }
    throw new AssertionError("the definition was accepted");
  }

  @Test
  void aValidDefinitionBuildsAConnectorNotYetConnected() {
    try (Connector c =
        factory.create(
            machine(
                "mqtt://10.0.0.40",
                Map.of(
                    "username",
                    "cnc",
                    "passwordEnv",
                    "BROKER_PASSWORD",
                    "qos",
                    "2",
                    "commandTopic",
                    "devices/cnc-01/command",
                    "timestampField",
                    "/ts",
                    "maxPayload",
                    "1MB"),
                List.of(
                    Tag.of("speed", "devices/cnc-01/status#/spindle/speed", DataType.FLOAT64),
                    writable("setpoint", "devices/cnc-01/status#/setpoint", DataType.INT32))))) {
      assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTING);
    }
  }

  @Test
  void errorsNameTheField() {
    assertThat(
            refusal(
                    () ->
                        factory.create(
                            machine(
                                "mqtt://h",
                                Map.of(),
                                List.of(
                                    Tag.of("a", "x/y", DataType.INT32),
                                    Tag.of("b", "x/+", DataType.INT32)))))
                .field())
        .isEqualTo("tags[1].address");
    assertThat(
            refusal(
                    () ->
                        factory.create(
                            machine(
                                "mqtt://h",
                                Map.of(),
                                List.of(writable("sp", "x/y#/sp", DataType.INT32)))))
                .field())
        .isEqualTo("tags[0].writable");
    assertThat(refusal(() -> factory.create(machine("mqtt://h/path", Map.of(), List.of()))).field())
        .isEqualTo("endpoint");
    assertThat(
            refusal(() -> factory.create(machine("mqtt://h", Map.of("qos", "3"), List.of())))
                .field())
        .isEqualTo("options.qos");
    assertThat(
            refusal(() -> factory.create(machine("mqtt://h", Map.of("topic", "x"), List.of())))
                .problem())
        .contains("commandTopic", "timestampField");
  }

  @Test
  void optionsAreCheckedOneByOne() {
    assertThat(
            refusal(() -> MqttDeviceOptions.parse(Map.of("password", "p"), false, k -> null))
                .field())
        .isEqualTo("options.password");
    assertThat(
            refusal(
                    () ->
                        MqttDeviceOptions.parse(
                            Map.of("username", "u", "passwordEnv", "NOPE"), false, k -> null))
                .problem())
        .contains("NOPE", "not set");
    assertThat(
            refusal(() -> MqttDeviceOptions.parse(Map.of("commandTopic", "a/#"), false, k -> null))
                .field())
        .isEqualTo("options.commandTopic");
    assertThat(
            refusal(() -> MqttDeviceOptions.parse(Map.of("timestampField", "ts"), false, k -> null))
                .field())
        .isEqualTo("options.timestampField");
    assertThat(
            refusal(() -> MqttDeviceOptions.parse(Map.of("maxPayload", "65MB"), false, k -> null))
                .field())
        .isEqualTo("options.maxPayload");
    assertThat(
            MqttDeviceOptions.parse(Map.of("maxPayload", "256kb"), false, k -> null).maxPayload())
        .isEqualTo(262_144);
    assertThat(MqttDeviceOptions.parse(Map.of(), false, k -> null).maxPayload())
        .isEqualTo(MqttDeviceOptions.DEFAULT_MAX_PAYLOAD);
  }

  @Test
  void aTrustStoreNeedsMqttsAndAReadableFile(@TempDir Path dir) throws Exception {
    Path store = Files.writeString(dir.resolve("trust.p12"), "not a key store");
    assertThat(
            refusal(
                    () ->
                        MqttDeviceOptions.parse(
                            Map.of("trustStore", store.toString()), false, k -> null))
                .problem())
        .contains("mqtts://");
    assertThat(
            refusal(
                    () ->
                        MqttDeviceOptions.parse(
                            Map.of("trustStore", dir.resolve("missing.p12").toString()),
                            true,
                            k -> null))
                .problem())
        .contains("not a readable file");
    assertThat(
            refusal(
                    () ->
                        factory.create(
                            machine(
                                "mqtts://h", Map.of("trustStore", store.toString()), List.of())))
                .field())
        .isEqualTo("options.trustStore");
  }

  @Test
  void thePasswordStaysOutOfTheOptionsText() {
    assertThat(
            MqttDeviceOptions.parse(
                Map.of("username", "u", "password", "s3cret"), false, k -> null))
        .asString()
        .doesNotContain("s3cret");
  }

  @Test
  void otherProtocolsAreRefused() {
    MachineDefinition modbus =
        new MachineDefinition(
            "m", "m", "a", "l", Protocol.MODBUS, "tcp://h", Map.of(), null, List.of());
    assertThatThrownBy(() -> factory.create(modbus)).hasMessageContaining("not mqtt");
  }
}
