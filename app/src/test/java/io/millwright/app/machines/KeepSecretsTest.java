package io.millwright.app.machines;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An edit form sends back what GET showed, secrets masked; the stored ones must survive. */
class KeepSecretsTest {

  static final MachineDefinition STORED =
      new MachineDefinition(
          "cnc-01",
          null,
          "machining",
          "cell-1",
          Protocol.OPCUA,
          "opc.tcp://millwright:s3cret@10.0.0.31:4840/cnc",
          Map.of("username", "millwright", "password", "opc-pass"),
          null,
          List.of(Tag.of("spindle/speed", "ns=2;s=Spindle.Speed", DataType.FLOAT64)));

  @Test
  void maskedPasswordAndEndpointAreTheStoredOnes() {
    String masked = MachinesResource.withoutCredentials(STORED.endpoint());
    assertThat(masked).doesNotContain("s3cret");
    String body =
        "{\"id\":\"cnc-01\",\"endpoint\":\""
            + masked
            + "\",\"options\":{\"username\":\"millwright\",\"password\":\"***\"}}";

    String kept = MachinesResource.keepSecrets(body, STORED);

    assertThat(kept).contains("opc-pass").contains("s3cret").doesNotContain("***");
  }

  @Test
  void newValuesAndOtherBodiesAreLeftAsSent() {
    String changed =
        "{\"endpoint\":\"opc.tcp://10.0.0.32:4840/cnc\",\"options\":{\"password\":\"new-pass\"}}";
    assertThat(MachinesResource.keepSecrets(changed, STORED)).isEqualTo(changed);
    assertThat(MachinesResource.keepSecrets("not json", STORED)).isEqualTo("not json");
    assertThat(MachinesResource.keepSecrets("[1,2]", STORED)).isEqualTo("[1,2]");
  }

  @Test
  void everyPasswordOptionIsASecretTheMqttTrustStoreOneToo() {
    MachineDefinition device =
        new MachineDefinition(
            "press-03",
            null,
            "pressing",
            "line-1",
            Protocol.MQTT,
            "mqtts://10.0.0.51:8883",
            Map.of("trustStore", "/etc/millwright/ca.p12", "trustStorePassword", "store-pass"),
            null,
            List.of(Tag.of("press/force", "devices/press-03#/force", DataType.FLOAT64)));
    assertThat(MachinesResource.secret("trustStorePassword")).isTrue();
    assertThat(MachinesResource.secret("passwordEnv")).isFalse();
    String body =
        "{\"options\":{\"trustStore\":\"/etc/millwright/ca.p12\",\"trustStorePassword\":\"***\"}}";
    assertThat(MachinesResource.keepSecrets(body, device)).contains("store-pass");
  }
}
