package io.millwright.app.e2e;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints the end of what each binary a failed test started printed: a CI log otherwise shows only
 * the assertion, not what the process was doing (registered for every test of the module through
 * JUnit's extension auto-detection; a test that starts no binary prints nothing).
 */
public final class BinaryOutputOnFailure implements BeforeEachCallback, TestWatcher {

  /** Lines of each stream shown. */
  static final int TAIL_LINES = 200;

  @Override
  public void beforeEach(ExtensionContext context) {
    RunningBinary.STARTED.clear();
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    RunningBinary.STARTED.clear();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    for (RunningBinary binary : RunningBinary.STARTED) {
      System.out.println(
          "==== "
              + context.getDisplayName()
              + " failed; the last lines of the binary "
              + binary.describe()
              + " ====");
      System.out.println("---- stdout ----\n" + tail(binary.stdout()));
      System.out.println("---- stderr ----\n" + tail(binary.stderr()));
    }
    RunningBinary.STARTED.clear();
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    RunningBinary.STARTED.clear();
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    RunningBinary.STARTED.clear();
  }

  static String tail(String text) {
    int at = text.length();
    for (int lines = 0; lines <= TAIL_LINES && at > 0; lines++) {
      at = text.lastIndexOf('\n', at - 1);
      if (at < 0) {
        return text;
      }
    }
    return text.substring(at + 1);
  }
}
