package io.millwright.publisher.transport;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Publishes batches and statuses to a cloud broker (MQTT 5, QoS 1) for the cloud's {@link
 * MqttIntake}: a batch to {@code <prefix>/<site>/batch/<live|historical>/<buffer>/<sequence>} with
 * the envelope's payload as is, a status to {@code <prefix>/<site>/status} as {@link
 * SiteStatusJson}. {@link #send} returns once the broker's PUBACK came (within the configured
 * timeout) saying the broker holds it for a subscriber: the cloud intake's persistent session,
 * which must exist (the intake connected once) before sites send. A PUBACK with
 * NO_MATCHING_SUBSCRIBERS, a success code in MQTT 5, means the broker dropped the message: it is
 * retryable, never a delivery.
 *
 * <p>It connects on the first send, with a clean session (whatever was not acknowledged is the
 * sender's to resend, from its buffer) and without the client's own reconnects: after a failure it
 * drops the connection and the next send connects again, so the sender's back-off paces the
 * attempts. A broker PUBACK with an error reason is retryable (an ACL or a quota may change), but
 * for a payload the broker declares malformed; a batch larger than the broker's maximum packet size
 * is refused.
 */
public final class MqttTransport implements CloudTransport {

  private static final Logger LOG = Logger.getLogger(MqttTransport.class.getName());

  /** Bytes of a PUBLISH besides its topic and payload, generously: header and properties. */
  private static final int PUBLISH_OVERHEAD = 64;

  private final MqttTransportConfig config;
  private volatile Mqtt5AsyncClient client;
  private volatile boolean closed;

  public MqttTransport(MqttTransportConfig config) {
    this.config = config;
  }

  @Override
  public void send(Envelope batch) throws TransportException {
    publish(
        "batch " + batch.id(),
        MqttTopics.batch(config.topicPrefix(), batch.id(), batch.historical()),
        batch.payload());
  }

  @Override
  public void sendStatus(SiteStatus status) throws TransportException {
    publish(
        "the status of " + status.site(),
        MqttTopics.status(config.topicPrefix(), status.site()),
        SiteStatusJson.encode(status));
  }

  private void publish(String what, String topic, byte[] payload) throws TransportException {
    Mqtt5AsyncClient c = connected(what);
    long size = topic.getBytes(StandardCharsets.UTF_8).length + payload.length + PUBLISH_OVERHEAD;
    long max =
        c.getConfig()
            .getConnectionConfig()
            .map(cc -> (long) cc.getRestrictionsForClient().getSendMaximumPacketSize())
            .orElse(Long.MAX_VALUE);
    if (size > max) {
      throw TransportException.refused(
          what
              + " is "
              + payload.length
              + " bytes, more than "
              + target()
              + " takes ("
              + max
              + ")");
    }
    CompletableFuture<Mqtt5PublishResult> pending =
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    Mqtt5PublishResult result;
    try {
      result = pending.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      drop(c);
      throw TransportException.retryable(
          what + ": no PUBACK from " + target() + " within " + config.timeout(), null);
    } catch (InterruptedException e) {
      drop(c);
      Thread.currentThread().interrupt();
      throw TransportException.retryable(what + ": interrupted", e);
    } catch (ExecutionException e) {
      throw failed(c, what, e.getCause() == null ? e : e.getCause());
    }
    if (result.getError().isPresent()) {
      throw failed(c, what, result.getError().get());
    }
    if (result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
      Mqtt5PubAckReasonCode code = qos1.getPubAck().getReasonCode();
      if (code.isError()) {
        throw pubAckError(what, code);
      }
      // A success code in MQTT 5, but the broker dropped the message: nothing holds it for the
      // cloud (its intake never connected, or its session expired). Delivered it is not.
      if (code == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) {
        throw TransportException.retryable(
            what
                + ": "
                + target()
                + " dropped it, no one subscribes (PUBACK NO_MATCHING_SUBSCRIBERS); has the"
                + " cloud's intake connected to this broker at least once?",
            null);
      }
    }
  }

  private TransportException failed(Mqtt5AsyncClient c, String what, Throwable cause) {
    if (cause instanceof Mqtt5PubAckException e) {
      return pubAckError(what, e.getMqttMessage().getReasonCode());
    }
    drop(c);
    return TransportException.retryable(
        what + ": not delivered to " + target() + ": " + describe(cause), cause);
  }

  private TransportException pubAckError(String what, Mqtt5PubAckReasonCode code) {
    String message = what + ": " + target() + " did not take it (PUBACK " + code + ")";
    return code == Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID
        ? TransportException.refused(message)
        : TransportException.retryable(message, null);
  }

  /** The connected client, connecting first if there is none (anymore). */
  private Mqtt5AsyncClient connected(String what) throws TransportException {
    if (closed) {
      throw TransportException.retryable(what + ": the MQTT transport is closed", null);
    }
    Mqtt5AsyncClient c = client;
    if (c != null && c.getState() == MqttClientState.CONNECTED) {
      return c;
    }
    if (c != null) {
      drop(c);
    }
    c = config.clientBuilder().buildAsync();
    try {
      c.connectWith()
          .cleanStart(true)
          .sessionExpiryInterval(0)
          .keepAlive(30)
          .send()
          .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      drop(c);
      throw TransportException.retryable(
          what + ": cannot connect to " + target() + " within " + config.timeout() + tlsHint(),
          null);
    } catch (InterruptedException e) {
      drop(c);
      Thread.currentThread().interrupt();
      throw TransportException.retryable(what + ": interrupted", e);
    } catch (ExecutionException e) {
      drop(c);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String why =
          cause instanceof Mqtt5ConnAckException refused
              ? "the broker refused the connection ("
                  + refused.getMqttMessage().getReasonCode()
                  + ")"
              : describe(cause) + tlsHint();
      throw TransportException.retryable(
          what + ": cannot connect to " + target() + " as " + config.clientId() + ": " + why,
          cause);
    }
    if (closed) {
      drop(c);
      throw TransportException.retryable(what + ": the MQTT transport is closed", null);
    }
    client = c;
    LOG.info("cloud transport connected to " + target() + " as " + config.clientId());
    return c;
  }

  private String tlsHint() {
    return config.tls()
        ? " (TLS: is the broker's certificate signed by an authority of the trust store, and does"
            + " the broker require a client certificate the key store does not hold?)"
        : "";
  }

  /** Forgets a client after a failure; the next send connects anew. */
  private void drop(Mqtt5AsyncClient c) {
    if (client == c) {
      client = null;
    }
    if (c.getState() != MqttClientState.DISCONNECTED) {
      c.disconnect().exceptionally(e -> null);
    }
  }

  static String describe(Throwable error) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = error; t != null && s.length() < 400; t = t.getCause()) {
      if (t instanceof SSLException) {
        s.setLength(0);
        s.append("TLS failed: ");
      }
      String m = t.getMessage();
      if (m != null && !m.isBlank() && s.indexOf(m) < 0) {
        if (s.length() > 0 && !s.toString().endsWith(": ")) {
          s.append(": ");
        }
        s.append(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (s.isEmpty()) {
      s.append(error.getClass().getSimpleName());
    }
    return s.length() <= 400 ? s.toString() : s.substring(0, 400) + "...";
  }

  @Override
  public String kind() {
    return "mqtt";
  }

  @Override
  public String target() {
    return config.target();
  }

  @Override
  public void close() {
    closed = true;
    Mqtt5AsyncClient c = client;
    client = null;
    if (c != null && c.getState() != MqttClientState.DISCONNECTED) {
      try {
        c.disconnect().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // it goes away either way
      }
    }
  }

  @Override
  public String toString() {
    return "MqttTransport[" + config + "]";
  }
}
