package io.millwright.connect.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.connect.Connector;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Writes refused before anything is published, each counted as a write error. */
class MqttDeviceConnectorWriteTest {

  private static Connector connector() {
    return new MqttDeviceConnectorFactory(k -> null)
        .create(
            MqttDeviceConnectorFactoryTest.machine(
                "mqtt://127.0.0.1:1",
                Map.of("commandTopic", "devices/cnc-01/command"),
                List.of(
                    Tag.of("speed", "devices/cnc-01/status#/speed", DataType.FLOAT64),
                    MqttDeviceConnectorFactoryTest.writable(
                        "setpoint", "devices/cnc-01/status#/setpoint", DataType.INT16))));
  }

  private static String refusal(CompletableFuture<Void> write) {
    assertThat(write).isCompletedExceptionally();
    return write.handle((v, e) -> e).join().getMessage();
  }

  @Test
  void eachRefusalSaysWhyAndIsCounted() {
    Connector c = connector();
    assertThat(refusal(c.write("feed", Value.of(1L)))).contains("cnc-01 has no such tag");
    assertThat(refusal(c.write("speed", Value.of(1.0)))).contains("not defined writable");
    assertThat(refusal(c.write("setpoint", Value.of(1L))))
        .contains("not connected to the broker 127.0.0.1:1");
    assertThat(c.stats().writeErrors()).isEqualTo(3);
    c.close();
    assertThat(c.write("setpoint", Value.of(1L)).handle((v, e) -> e).join())
        .isInstanceOf(WriteException.class)
        .hasMessageContaining("is closed");
  }
}
