package io.millwright.uns.sparkplug.edge;

import io.millwright.uns.sparkplug.StateMachine;

/** The lifecycle of an edge node session; see EDGE-LIFECYCLE.md beside this class. */
public enum EdgeNodeState {
  NEW,
  /** MQTT CONNECT with the NDEATH will, then the command and STATE subscriptions. */
  CONNECTING,
  /** Connected, waiting for the primary host's STATE online; samples go to the buffer. */
  WAITING_FOR_HOST,
  /** NBIRTH and DBIRTHs sent; samples go out live, the buffer drains as historical data. */
  ONLINE,
  /** No connection (or the primary host went offline); samples go to the buffer. */
  DISCONNECTED,
  CLOSED;

  static final StateMachine.Table<EdgeNodeState> TRANSITIONS =
      StateMachine.table(EdgeNodeState.class)
          .allow(NEW, CONNECTING, CLOSED)
          .allow(CONNECTING, WAITING_FOR_HOST, ONLINE, DISCONNECTED, CLOSED)
          .allow(WAITING_FOR_HOST, ONLINE, DISCONNECTED, CLOSED)
          .allow(ONLINE, DISCONNECTED, CLOSED)
          .allow(DISCONNECTED, CONNECTING, CLOSED);
}
