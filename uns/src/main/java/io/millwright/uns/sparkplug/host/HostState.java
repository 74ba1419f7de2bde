package io.millwright.uns.sparkplug.host;

import io.millwright.uns.sparkplug.StateMachine;

/** The lifecycle of a host application session; see HOST-LIFECYCLE.md beside this class. */
public enum HostState {
  NEW,
  /** MQTT CONNECT with the offline STATE as will, then subscribe, then the online STATE. */
  CONNECTING,
  /** Subscribed and STATE online published: edge nodes waiting for this host may birth. */
  ONLINE,
  /** The connection is gone; a new one is tried after a back-off. */
  DISCONNECTED,
  CLOSED;

  static final StateMachine.Table<HostState> TRANSITIONS =
      StateMachine.table(HostState.class)
          .allow(NEW, CONNECTING, CLOSED)
          .allow(CONNECTING, ONLINE, DISCONNECTED, CLOSED)
          .allow(ONLINE, DISCONNECTED, CLOSED)
          .allow(DISCONNECTED, CONNECTING, CLOSED);
}
