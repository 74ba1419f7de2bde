package io.millwright.uns.sparkplug.it;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.millwright.uns.sparkplug.host.DeviceKey;
import io.millwright.uns.sparkplug.host.MetricSample;
import io.millwright.uns.sparkplug.host.SparkplugListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.model.SparkplugBPayload;

/** What tests record: the host listener's calls, and raw messages seen by a plain MQTT client. */
final class Recording implements SparkplugListener {

  record Received(DeviceKey device, MetricSample sample) {}

  final List<Received> samples = new CopyOnWriteArrayList<>();
  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void onSamples(DeviceKey device, List<MetricSample> batch) {
    for (MetricSample s : batch) {
      samples.add(new Received(device, s));
    }
  }

  @Override
  public void onOnline(DeviceKey device) {
    events.add("online " + device);
  }

  @Override
  public void onOffline(DeviceKey device) {
    events.add("offline " + device);
  }

  List<MetricSample> of(String device, String metric) {
    List<MetricSample> out = new ArrayList<>();
    for (Received r : samples) {
      if (r.device().device().equals(device) && r.sample().metric().equals(metric)) {
        out.add(r.sample());
      }
    }
    return out;
  }

  /** Subscribes a plain client (no Millwright code) to a filter and keeps every message. */
  static List<Mqtt5Publish> sniff(Mqtt5BlockingClient client, String filter) {
    List<Mqtt5Publish> seen = new CopyOnWriteArrayList<>();
    client
        .toAsync()
        .subscribeWith()
        .topicFilter(filter)
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(seen::add)
        .send()
        .join();
    return seen;
  }

  static List<Mqtt5Publish> on(List<Mqtt5Publish> seen, String topic) {
    return seen.stream().filter(p -> p.getTopic().toString().equals(topic)).toList();
  }

  /** Decodes with Tahu's own decoder, as a third-party host would. */
  static SparkplugBPayload tahu(Mqtt5Publish publish) {
    try {
      return new SparkplugBPayloadDecoder().buildFromByteArray(publish.getPayloadAsBytes(), null);
    } catch (Exception e) {
      throw new AssertionError("Tahu cannot decode " + publish.getTopic(), e);
    }
  }
}
