package io.millwright.oee.live;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.millwright.oee.engine.LiveFigures;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.uns.json.JsonStrings;
import io.millwright.uns.mqtt.MqttEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publishes the current shift's figures of each line and of the site, retained, as JSON on {@code
 * <enterprise>/<site>/<area>/<line>/_oee} and {@code <enterprise>/<site>/_oee}. Lines and the site
 * are not Sparkplug devices, so they get plain topics; {@code _oee} cannot be a machine id (ids
 * have no underscore), so it never collides with a machine's tags.
 */
final class GroupPublisher implements AutoCloseable {

  static final String LEVEL = "_oee";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Mqtt5AsyncClient client;
  private final String prefix;
  private final LongAdder published = new LongAdder();
  private final LongAdder failed = new LongAdder();

  GroupPublisher(MqttEndpoint endpoint, String enterprise, String site) {
    this.prefix = enterprise + "/" + site + "/";
    this.client =
        endpoint
            .clientBuilder("millwright-oee-" + site)
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
  }

  void start() throws Exception {
    client.connectWith().cleanStart(true).send().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  void publish(LiveFigures live) {
    for (Map.Entry<String, OeeFigures> line : live.lines().entrySet()) {
      send(prefix + line.getKey() + "/" + LEVEL, json(live, line.getValue()));
    }
    send(prefix + LEVEL, json(live, live.site()));
  }

  private void send(String topic, String json) {
    client
        .publishWith()
        .topic(topic)
        .retain(true)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(json.getBytes(StandardCharsets.UTF_8))
        .send()
        .whenComplete(
            (ack, error) -> {
              if (error == null) {
                published.increment();
              } else {
                failed.increment();
              }
            });
  }

  /** The figures as JSON: ratios 0 to 1 or null, times in seconds. */
  static String json(LiveFigures live, OeeFigures f) {
    StringBuilder out = new StringBuilder(320).append("{\"shift\":");
    JsonStrings.append(out, live.shift().id());
    out.append(",\"timestamp\":").append(live.atMillis());
    ratio(out, "availability", f.availability());
    ratio(out, "performance", f.performance());
    ratio(out, "quality", f.quality());
    ratio(out, "oee", f.oee());
    out.append(",\"good\":").append(f.good()).append(",\"scrap\":").append(f.scrap());
    seconds(out, "plannedSeconds", f.plannedMillis());
    seconds(out, "runSeconds", f.runMillis());
    seconds(out, "downtimeSeconds", f.downtimeMillis());
    seconds(out, "unknownSeconds", f.unknownMillis());
    return out.append('}').toString();
  }

  private static void ratio(StringBuilder out, String key, double v) {
    out.append(",\"").append(key).append("\":");
    if (Double.isFinite(v)) {
      out.append(String.format(Locale.ROOT, "%.4f", v));
    } else {
      out.append("null");
    }
  }

  private static void seconds(StringBuilder out, String key, long millis) {
    out.append(",\"").append(key).append("\":").append(millis / 1000);
  }

  long published() {
    return published.sum();
  }

  long failed() {
    return failed.sum();
  }

  @Override
  public void close() {
    client
        .disconnect()
        .orTimeout(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        .exceptionally(e -> null);
  }
}
