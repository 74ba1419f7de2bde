package io.millwright.alarms.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The notifier's log lines as they would be written, message and stack trace, collected from the
 * JDK logging that {@link System.Logger} goes to in tests.
 */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger = Logger.getLogger(Notifier.class.getName());
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Level previous;

  LogCapture() {
    setFormatter(new SimpleFormatter());
    previous = logger.getLevel();
    logger.setLevel(Level.ALL); // the debug lines of later failures must be checked too
    logger.addHandler(this);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord r) {
    lines.add(getFormatter().format(r));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
