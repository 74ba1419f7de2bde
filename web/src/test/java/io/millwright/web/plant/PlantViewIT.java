package io.millwright.web.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plant view reads a machine's tile from what three roles put into the namespace, on a real
 * broker: the connector's Sparkplug device, the OEE node's {@code oee/} metrics on the same device,
 * and the retained job and alarm topics; what is not theirs is refused and counted.
 */
class PlantViewIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  static final List<PlantMachine> MACHINES =
      List.of(
          new PlantMachine("press-01", "Hydraulic press", "pressing", "line-1"),
          new PlantMachine("cnc-02", "Lathe", "machining", "cell-1"));

  @Test
  void aTileShowsLinkStateJobAndAlarmsAndFollowsTheirChanges() throws Exception {
    try (PlantView view =
            new PlantView(BROKER.endpoint(), "web-test", "acme", "plant-1", MACHINES);
        EdgeNodeSession connectors =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "connectors", dir.resolve("c")));
        EdgeNodeSession oee =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "oee", dir.resolve("o")))) {
      view.start();
      DeviceHandle press =
          connectors.device(
              "press-01",
              List.of(Tag.of("hydraulics/pressure", "holding:0", DataType.FLOAT64)),
              (t, v) -> {});
      DeviceHandle pressOee =
          oee.device(
              "press-01",
              List.of(
                  Tag.of("oee/state", "oee:state", DataType.STRING),
                  Tag.of("oee/shift/oee", "oee:shift/oee", DataType.FLOAT64)),
              (t, v) -> {});
      connectors.start();
      oee.start();
      assertThat(connectors.awaitOnline(Duration.ofSeconds(10))).isTrue();
      assertThat(oee.awaitOnline(Duration.ofSeconds(10))).isTrue();
      long t0 = System.currentTimeMillis();
      press.publish("hydraulics/pressure", Sample.good(t0, Value.of(212.5)));
      pressOee.publish("oee/state", Sample.good(t0, Value.of("producing")));
      pressOee.publish("oee/shift/oee", Sample.good(t0, Value.of(0.71)));

      Mqtt5BlockingClient mqtt = BROKER.client("plant-view-test");
      retain(
          mqtt,
          "acme/plant-1/_jobs/machines/press-01",
          "{\"id\":7,\"orderNumber\":\"4711\",\"quantity\":350,\"good\":12}");
      retain(
          mqtt,
          "acme/plant-1/pressing/line-1/press-01/_alarms/oil-hot",
          "{\"state\":\"active-unacknowledged\",\"priority\":\"high\",\"message\":\"oil hot\",\"time\":\"2026-11-23T10:00:00Z\"}");

      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                MachineTile tile = view.tiles().get(0);
                assertThat(tile.online()).isTrue();
                assertThat(tile.state()).isEqualTo("producing");
                assertThat(tile.oee()).isEqualTo(0.71);
                assertThat(tile.job()).containsEntry("orderNumber", "4711");
                assertThat(tile.alarms())
                    .singleElement()
                    .satisfies(a -> assertThat(a.priority()).isEqualTo("high"));
                // Inside the wait: the value comes from another edge node's connection than the
                // state and from another client than job and alarm, so it may arrive last; and
                // all must be in before the version below is taken.
                assertThat(view.values("press-01").orElseThrow())
                    .extracting(LiveValue::tag, LiveValue::value)
                    .contains(org.assertj.core.groups.Tuple.tuple("hydraulics/pressure", 212.5));
              });

      // Only what changed after a version is sent again.
      long seen = view.version();
      assertThat(view.tilesSince(seen)).isEmpty();
      retain(
          mqtt,
          "acme/plant-1/pressing/line-1/press-01/_alarms/oil-hot",
          "{\"state\":\"normal\",\"priority\":\"high\"}");
      retain(mqtt, "acme/plant-1/_jobs/machines/press-01", "{}");
      press.offline("link down");
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                List<MachineTile> changed = view.tilesSince(seen);
                assertThat(changed).extracting(MachineTile::id).containsExactly("press-01");
                MachineTile tile = changed.get(0);
                assertThat(tile.alarms()).isEmpty();
                assertThat(tile.job()).isNull();
                assertThat(tile.online()).isFalse();
              });
      assertThat(view.tiles().get(1).id()).isEqualTo("cnc-02");
      assertThat(view.tiles().get(1).online()).isFalse();

      // Hostile or foreign messages change nothing and are counted.
      long refusedBefore = view.refused();
      long before = view.version();
      retain(mqtt, "acme/plant-1/_jobs/machines/press-01", "[1,2,3]");
      retain(mqtt, "acme/plant-1/_jobs/machines/unknown-99", "{}");
      retain(mqtt, "acme/plant-1/pressing/line-1/press-01/_alarms/garbage", "{not json");
      await().atMost(Duration.ofSeconds(10)).until(() -> view.refused() >= refusedBefore + 3);
      assertThat(view.version()).isEqualTo(before);
      mqtt.disconnect();
    }
  }

  @Test
  void aMachineAddedOrRemovedWhileRunningIsFollowedOrForgottenAndTheChangeIsAnnounced()
      throws Exception {
    try (PlantView view =
            new PlantView(BROKER.endpoint(), "web-test-2", "acme", "plant-1", MACHINES);
        EdgeNodeSession connectors =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "connectors", dir.resolve("c")))) {
      view.start();
      long start = view.version();

      view.follow(new PlantMachine("oven-02", "Curing oven", "painting", "line-2"));
      view.forget("cnc-02");
      view.forget("never-followed");

      assertThat(view.tiles()).extracting(MachineTile::id).containsExactly("press-01", "oven-02");
      assertThat(view.tilesSince(start)).extracting(MachineTile::id).containsExactly("oven-02");
      assertThat(view.removedSince(start)).containsExactly("cnc-02");
      assertThat(view.removedSince(view.version())).isEmpty();
      assertThat(view.values("cnc-02")).isEmpty();

      // The added machine's values are taken from its connector like any other's.
      DeviceHandle oven =
          connectors.device(
              "oven-02",
              List.of(Tag.of("zone-1/temperature", "holding:0", DataType.FLOAT64)),
              (t, v) -> {});
      connectors.start();
      oven.publish("zone-1/temperature", Sample.good(System.currentTimeMillis(), Value.of(182.5)));
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () ->
                  assertThat(view.values("oven-02").orElseThrow())
                      .extracting(LiveValue::tag)
                      .contains("zone-1/temperature"));

      // Added again: followed again, no longer announced as removed; the same machine twice is
      // no change.
      view.follow(new PlantMachine("cnc-02", "Lathe", "machining", "cell-1"));
      long now = view.version();
      view.follow(new PlantMachine("cnc-02", "Lathe", "machining", "cell-1"));
      assertThat(view.removedSince(start)).isEmpty();
      assertThat(view.version()).isEqualTo(now);
    }
  }

  private static void retain(Mqtt5BlockingClient mqtt, String topic, String json) {
    mqtt.publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .retain(true)
        .payload(json.getBytes(StandardCharsets.UTF_8))
        .send();
  }
}
