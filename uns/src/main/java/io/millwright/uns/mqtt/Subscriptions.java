package io.millwright.uns.mqtt;

import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;

/**
 * What a session does with a SUBACK: a refused subscription is a failed connection, not a silent
 * gap.
 */
public final class Subscriptions {

  private Subscriptions() {}

  /**
   * @throws IllegalStateException naming the reason code of the first refused subscription
   */
  public static void requireGranted(Mqtt5SubAck subAck) {
    for (var code : subAck.getReasonCodes()) {
      if (code.isError()) {
        throw new IllegalStateException("the broker refused a subscription: " + code);
      }
    }
  }
}
