package io.millwright.alarms.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.sun.net.httpserver.HttpServer;
import io.millwright.alarms.engine.AlarmCatalog;
import io.millwright.alarms.engine.AlarmEngine;
import io.millwright.alarms.engine.AlarmEvent;
import io.millwright.alarms.engine.AlarmState;
import io.millwright.alarms.journal.AlarmJournal;
import io.millwright.alarms.notify.Backoff;
import io.millwright.alarms.notify.Notifier;
import io.millwright.alarms.notify.WebhookChannel;
import io.millwright.alarms.notify.WebhookConfig;
import io.millwright.core.alarm.AlarmCondition;
import io.millwright.core.alarm.AlarmDefinition;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.testkit.TestBroker;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service between a real broker, a real edge node and a real HTTP receiver: excursions are
 * raised once each on the events topic while the webhook is unreachable, the journal keeps every
 * transition and the webhook gets them all in order once it answers; a dead edge node raises the
 * lost-communication alarm; a restart brings the alarms back as they were.
 */
class AlarmServiceIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  static final String OIL = "hydraulics/oil-temperature";

  @TempDir Path dir;

  static MachineDefinition press() {
    return new MachineDefinition(
            "press-01",
            "Press",
            "pressing",
            "line-1",
            Protocol.MODBUS,
            "tcp://127.0.0.1:1502",
            Map.of(),
            null,
            List.of(Tag.of(OIL, "holding:0", DataType.FLOAT64)))
        .withAlarms(
            List.of(
                new AlarmDefinition(
                    Optional.empty(),
                    Optional.of(OIL),
                    new AlarmCondition.Limits(null, 60.0, null, null),
                    1,
                    null,
                    null,
                    null,
                    Optional.empty(),
                    Optional.empty(),
                    java.util.Set.of()),
                AlarmDefinition.of(Optional.empty(), new AlarmCondition.CommsLost())));
  }

  AlarmService service(AlarmJournal journal, Notifier notifier) {
    AlarmEngine engine =
        new AlarmEngine(
            AlarmCatalog.build(List.of(press()), List.of()),
            spec -> {
              throw new AssertionError();
            },
            System.currentTimeMillis());
    engine.restore(journal.current());
    return new AlarmService(
        engine,
        journal,
        BROKER.endpoint(),
        "alarms",
        "acme",
        "plant-1",
        "oee",
        notifier::wake,
        Duration.ofDays(400),
        Clock.systemUTC());
  }

  @Test
  @SuppressWarnings("try") // the edge node is closed inside its block: the connector dies
  void excursionsAreRaisedOnceJournaledAndDeliveredWhenTheWebhookComesBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: the webhook is unreachable for now
    }
    List<String> received = new CopyOnWriteArrayList<>();
    WebhookConfig hook =
        new WebhookConfig(
            "maintenance", URI.create("http://127.0.0.1:" + port + "/alarms"), Map.of());
    Mqtt5BlockingClient mqtt = BROKER.client("alarm-watcher"); // connected
    AlarmJournal journal = AlarmJournal.open(dir.resolve("journal"));
    Notifier notifier =
        Notifier.start(
            journal,
            List.of(new WebhookChannel(hook)),
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0),
            Duration.ofMillis(200));
    try (var events = mqtt.publishes(MqttGlobalPublishFilter.ALL);
        EdgeNodeSession edge =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "edge-1", dir.resolve("edge")))) {
      mqtt.subscribeWith()
          .topicFilter("acme/plant-1/_alarms/events")
          .qos(MqttQos.AT_LEAST_ONCE)
          .send();
      AlarmService service = service(journal, notifier);
      service.start();
      await().atMost(Duration.ofSeconds(30)).until(service::online);
      DeviceHandle press = edge.device("press-01", press().tags(), (tag, value) -> {});
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();

      // Three excursions, each with noise inside the deadband on its way back.
      long t = System.currentTimeMillis();
      double[] values = {50, 61, 59.5, 60.5, 58, 50, 62, 55, 63, 59.2, 58.9, 50};
      for (double v : values) {
        press.publish(OIL, Sample.good(t++, Value.of(v)));
        Thread.sleep(20);
      }
      List<String> transitions = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        var p = events.receive(20, TimeUnit.SECONDS).orElseThrow();
        String json = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
        transitions.add(json.replaceAll(".*\"transition\":\"([a-z-]+)\".*", "$1"));
      }
      assertThat(transitions)
          .containsExactly("activated", "cleared", "activated", "cleared", "activated", "cleared");
      assertThat(events.receive(1, TimeUnit.SECONDS)).isEmpty();
      assertThat(journal.latest()).isEqualTo(6);
      // The webhook is down: evaluation went on, its backlog waits in the journal.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> notifier.figures().getFirst().failures() > 0);
      assertThat(notifier.figures().getFirst().backlog()).isEqualTo(6);

      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      server.createContext(
          "/alarms",
          exchange -> {
            received.add(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      server.start();
      try {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> notifier.figures().getFirst().backlog() == 0);
        String all = String.join("", received);
        for (int seq = 1; seq <= 6; seq++) {
          assertThat(all).contains("\"seq\":" + seq + ",");
        }
      } finally {
        server.stop(0);
      }

      // The connector dies: lost communication.
      edge.close(); // a death before the try ends, on purpose
      AlarmEvent lost =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      journal.after(6, 10).stream()
                          .filter(e -> e.alarm().equals("comms-lost"))
                          .findFirst()
                          .orElse(null),
                  e -> e != null);
      assertThat(lost.state()).isEqualTo(AlarmState.UNACKNOWLEDGED);
      service
          .command(
              "press-01/comms-lost",
              e ->
                  e.acknowledge("press-01/comms-lost", "anna", "on it", System.currentTimeMillis()))
          .get(10, TimeUnit.SECONDS);
      service.close();
    } finally {
      notifier.close();
      mqtt.disconnect();
    }

    // After a restart the acknowledged alarm is still acknowledged.
    try (AlarmJournal again = AlarmJournal.open(dir.resolve("journal"))) {
      Notifier none = Notifier.start(again, List.of());
      AlarmService restarted = service(again, none);
      assertThat(restarted.views())
          .filteredOn(v -> v.alarm().equals("comms-lost"))
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
                assertThat(v.user()).isEqualTo("anna");
              });
      none.close();
    }
  }

  /**
   * A role that starts after the connectors hears the oee role's state before the machine's values
   * (the rebirth it asks for comes later): the state alarm waits for them, so its message is whole.
   */
  @Test
  void aStateHeardBeforeTheMachinesValuesWaitsForThem() throws Exception {
    List<Tag> tags = List.of(Tag.of("state/reason", "holding:1", DataType.INT16));
    MachineDefinition press =
        new MachineDefinition(
                "press-01",
                "Press",
                "pressing",
                "line-1",
                Protocol.MODBUS,
                "tcp://127.0.0.1:1502",
                Map.of(),
                null,
                tags)
            .withAlarms(
                List.of(
                    new AlarmDefinition(
                        Optional.of("fault"),
                        Optional.empty(),
                        new AlarmCondition.InState(
                            java.util.Set.of(io.millwright.core.machine.MachineState.FAULT)),
                        0,
                        null,
                        null,
                        null,
                        Optional.of(
                            io.millwright.core.alarm.MessageTemplate.parse(
                                "{machine} stopped on fault {state/reason}")),
                        Optional.empty(),
                        java.util.Set.of())));
    AlarmEngine engine =
        new AlarmEngine(
            AlarmCatalog.build(List.of(press), List.of()),
            spec -> {
              throw new AssertionError();
            },
            System.currentTimeMillis());
    try (AlarmJournal journal = AlarmJournal.open(dir.resolve("journal"));
        EdgeNodeSession oee =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "oee", dir.resolve("oee")));
        EdgeNodeSession connectors =
            new EdgeNodeSession(
                BROKER.endpoint(),
                EdgeNodeConfig.of("plant-1", "edge-2", dir.resolve("connectors")))) {
      AlarmService service =
          new AlarmService(
              engine,
              journal,
              BROKER.endpoint(),
              "alarms-2",
              "acme",
              "plant-1",
              "oee",
              () -> {},
              Duration.ofDays(1),
              Clock.systemUTC());
      try {
        service.start();
        await().atMost(Duration.ofSeconds(30)).until(service::online);
        DeviceHandle state =
            oee.device(
                "press-01",
                List.of(Tag.of("oee/state", "oee:state", DataType.STRING)),
                (t, v) -> {});
        oee.start();
        assertThat(oee.awaitOnline(Duration.ofSeconds(30))).isTrue();
        state.publish("oee/state", Sample.good(System.currentTimeMillis(), Value.of("fault")));
        // Heard, and held: nothing is raised without the machine's values.
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> service.figures().get("machine_states_total") == 1.0);
        assertThat(journal.latest()).isZero();

        DeviceHandle machine = connectors.device("press-01", tags, (t, v) -> {});
        machine.publish("state/reason", Sample.good(System.currentTimeMillis(), Value.of(520L)));
        connectors.start();
        assertThat(connectors.awaitOnline(Duration.ofSeconds(30))).isTrue();
        AlarmEvent raised =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> journal.after(0, 10).stream().findFirst().orElse(null), e -> e != null);
        assertThat(raised.alarm()).isEqualTo("fault");
        assertThat(raised.message()).isEqualTo("press-01 stopped on fault 520");
      } finally {
        service.close();
      }
    }
  }
}
