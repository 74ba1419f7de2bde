package io.millwright.uns.sparkplug.edge;

import io.millwright.core.sample.Value;

/**
 * Receives writes for one device's tags, decoded from DCMD messages: the owning connector turns
 * them into machine writes. Called on the session's command thread, one at a time; only tags
 * defined writable are passed on.
 */
@FunctionalInterface
public interface CommandListener {

  void onWrite(String tag, Value value);
}
