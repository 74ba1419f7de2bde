package io.millwright.oee.live;

import io.millwright.oee.engine.LiveFigures;
import io.millwright.oee.figures.OeeFigures;
import io.millwright.uns.json.JsonStrings;
import io.millwright.uns.mqtt.MqttEndpoint;
import io.millwright.uns.mqtt.TopicPublisher;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Publishes the current shift's figures of each line and of the site, retained, as JSON on {@code
 * <enterprise>/<site>/<area>/<line>/_oee} and {@code <enterprise>/<site>/_oee}. Lines and the site
 * are not Sparkplug devices, so they get plain topics; {@code _oee} cannot be a machine id (ids
 * have no underscore), so it never collides with a machine's tags.
 */
final class GroupPublisher implements AutoCloseable {

  static final String LEVEL = "_oee";
  private final TopicPublisher topics;
  private final String prefix;

  GroupPublisher(MqttEndpoint endpoint, String enterprise, String site) {
    this.prefix = enterprise + "/" + site + "/";
    this.topics = new TopicPublisher(endpoint, "millwright-oee-" + site);
  }

  void start() throws Exception {
    topics.start();
  }

  void publish(LiveFigures live) {
    for (Map.Entry<String, OeeFigures> line : live.lines().entrySet()) {
      send(prefix + line.getKey() + "/" + LEVEL, json(live, line.getValue()));
    }
    send(prefix + LEVEL, json(live, live.site()));
  }

  private void send(String topic, String json) {
    topics.publish(topic, json.getBytes(StandardCharsets.UTF_8), true);
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
    return topics.published();
  }

  long failed() {
    return topics.failed();
  }

  @Override
  public void close() {
    topics.close();
  }
}
