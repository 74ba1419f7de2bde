package io.millwright.connect.s7;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.plc4x.java.DefaultPlcDriverManager;
import org.apache.plc4x.java.api.PlcConnection;
import org.apache.plc4x.java.api.PlcConnectionManager;
import org.apache.plc4x.java.api.messages.PlcReadRequest;
import org.apache.plc4x.java.api.messages.PlcReadResponse;
import org.apache.plc4x.java.api.messages.PlcWriteResponse;
import org.apache.plc4x.java.api.types.PlcResponseCode;
import org.apache.plc4x.java.api.value.PlcValue;

/**
 * One session with a PLC through PLC4X's S7 driver: connect, read byte ranges, write a variable,
 * close. Used from the connector's thread only. Anything that leaves the session in doubt (no
 * answer in time, a broken channel) is a {@link LinkLost}, after which the connector closes this
 * session and opens a new one; an error code from the PLC is an {@link ItemRefused} for that item.
 */
final class S7Client implements AutoCloseable {

  /** The link is down or in doubt; the message is one line for operators. */
  static final class LinkLost extends Exception {
    LinkLost(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  /**
   * No answer in time to a read over a session that is otherwise alive. PLC4X 0.13 never completes
   * a read that a PLC answers with an item error (seen with Snap7 for a data block that does not
   * exist), so the connector isolates the range at fault instead of dropping the session.
   */
  static final class NoAnswer extends Exception {
    NoAnswer(String message) {
      super(message, null, false, false);
    }
  }

  /** The PLC refused one item: a return code other than success. */
  static final class ItemRefused extends Exception {
    ItemRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** PLC4X finds its drivers with a service loader; once per process is enough. */
  private static final PlcConnectionManager DRIVERS =
      new DefaultPlcDriverManager().getConnectionManager();

  private final S7Endpoint endpoint;
  private final String url;
  private final Duration timeout;
  private PlcConnection connection;

  S7Client(S7Endpoint endpoint, S7Options options) {
    this.endpoint = endpoint;
    this.url = endpoint.plc4xUrl(options);
    this.timeout = options.timeout();
  }

  void connect() throws LinkLost {
    close();
    try {
      connection = DRIVERS.getConnection(url);
    } catch (Exception e) {
      throw new LinkLost("cannot connect to " + endpoint + ": " + oneLine(e), e);
    }
  }

  /**
   * Reads the ranges of one request in one round trip.
   *
   * @return per range its bytes, or null where the PLC refused the item; {@code refusals} gets the
   *     reason at the same index
   */
  byte[][] read(List<ReadPlan.Range> ranges, String[] refusals) throws LinkLost, NoAnswer {
    PlcConnection c = open();
    PlcReadRequest.Builder builder = c.readRequestBuilder();
    for (int i = 0; i < ranges.size(); i++) {
      builder.addTagAddress(Integer.toString(i), ranges.get(i).address());
    }
    java.util.concurrent.CompletableFuture<? extends PlcReadResponse> answer =
        builder.build().execute();
    PlcReadResponse response;
    try {
      response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new NoAnswer(
          "no answer from "
              + endpoint
              + " within "
              + timeout.toMillis()
              + " ms to a read of "
              + ranges);
    } catch (ExecutionException e) {
      throw new LinkLost("read from " + endpoint + " failed: " + oneLine(e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkLost("read interrupted", e);
    }
    byte[][] out = new byte[ranges.size()][];
    for (int i = 0; i < ranges.size(); i++) {
      String name = Integer.toString(i);
      PlcResponseCode code = response.getResponseCode(name);
      if (code != PlcResponseCode.OK) {
        refusals[i] = "Bad_" + code + ": the PLC refused " + ranges.get(i);
        continue;
      }
      out[i] = bytes(response.getPlcValue(name), ranges.get(i).length());
      if (out[i] == null) {
        refusals[i] = "Bad_DataEncodingInvalid: short answer for " + ranges.get(i);
      }
    }
    return out;
  }

  private static byte[] bytes(PlcValue value, int length) {
    byte[] out = new byte[length];
    if (value.isList()) {
      List<? extends PlcValue> list = value.getList();
      if (list.size() != length) {
        return null;
      }
      for (int i = 0; i < length; i++) {
        out[i] = (byte) list.get(i).getShort();
      }
    } else {
      if (length != 1) {
        return null;
      }
      out[0] = (byte) value.getShort();
    }
    return out;
  }

  /** Writes one variable; PLC4X encodes the Java value by the address's type. */
  void write(S7Variable variable, Object value) throws LinkLost, ItemRefused {
    PlcConnection c = open();
    PlcWriteResponse response =
        await(
            c.writeRequestBuilder()
                .addTagAddress("w", variable.tag().address(), value)
                .build()
                .execute(),
            "write");
    PlcResponseCode code = response.getResponseCode("w");
    if (code != PlcResponseCode.OK) {
      throw new ItemRefused("the PLC answered " + code + " for " + variable.where());
    }
  }

  private PlcConnection open() throws LinkLost {
    if (connection == null || !connection.isConnected()) {
      throw new LinkLost("not connected to " + endpoint, null);
    }
    return connection;
  }

  private <T> T await(java.util.concurrent.CompletableFuture<T> answer, String what)
      throws LinkLost {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new LinkLost(
          "no answer to a " + what + " from " + endpoint + " within " + timeout.toMillis() + " ms",
          e);
    } catch (ExecutionException e) {
      throw new LinkLost(what + " from " + endpoint + " failed: " + oneLine(e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LinkLost(what + " interrupted", e);
    }
  }

  @Override
  public void close() {
    PlcConnection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing a broken session: nothing left to save.
      }
    }
  }

  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.lines().findFirst().orElse("").strip();
  }
}
