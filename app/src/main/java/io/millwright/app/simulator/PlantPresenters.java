package io.millwright.app.simulator;

import io.millwright.app.config.SimulationConfig;
import io.millwright.simulator.MachinePresenter;
import io.millwright.simulator.ServedMachine;
import io.millwright.simulator.SimulatorConfig;
import io.millwright.simulator.file.FileDropPresenter;
import io.millwright.simulator.s7.S7Presenter;
import io.millwright.simulator.sql.SqlTablePresenter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The demo machines that speak a protocol with a server of their own: each S7 machine a PLC on the
 * next port from {@code simulator.s7.port}, each SQL-table machine an H2 database on the next port
 * from {@code simulator.sql.port}, kept in {@code <data>/sql/} with a password made once; each
 * file-drop machine a folder {@code <data>/drop/<machine>/}. (No demo machine speaks MQTT natively;
 * the simulator's MQTT presenter serves tests and benchmarks.)
 */
final class PlantPresenters {

  private PlantPresenters() {}

  static List<MachinePresenter> of(
      List<? extends ServedMachine> machines,
      SimulationConfig settings,
      SimulatorConfig config,
      Path data) {
    InetAddress bind;
    try {
      bind = InetAddress.getByName(settings.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("simulator host " + settings.host() + " is unknown", e);
    }
    List<MachinePresenter> presenters = new ArrayList<>();
    int s7 = 0;
    int sql = 0;
    for (ServedMachine m : machines) {
      switch (m.protocol()) {
        case S7 ->
            presenters.add(
                new S7Presenter(m, bind, next(settings.s7Port(), s7++), config.advertisedHost()));
        case SQL ->
            presenters.add(
                new SqlTablePresenter(
                    m,
                    next(settings.sqlPort(), sql++),
                    Optional.of(data.resolve("sql")),
                    SQL_USER,
                    sqlPassword(data)));
        case FILE ->
            presenters.add(
                new FileDropPresenter(
                    m, data.resolve("drop").resolve(m.id()), TICKS_PER_REPORT_WITHOUT_CYCLES));
        default -> {
          // OPC UA and Modbus machines are the simulator's own.
        }
      }
    }
    return presenters;
  }

  static final String SQL_USER = "machine";

  /** Every demo machine counts cycles; a machine that did not would report once a second. */
  private static final int TICKS_PER_REPORT_WITHOUT_CYCLES = 10;

  /**
   * The simulated databases' password: made once and kept beside them, since the database files
   * keep the user they were created with.
   */
  private static String sqlPassword(Path data) {
    Path file = data.resolve("sql").resolve("password");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).strip();
      }
      Files.createDirectories(file.getParent());
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Path temp = Files.createTempFile(file.getParent(), "password", ".tmp");
      Files.writeString(temp, password);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the simulated databases' password in " + file, e);
    }
  }

  /** The port of the n-th machine from a first port; 0 stays 0 (any free port). */
  private static int next(int first, int n) {
    return first == 0 ? 0 : first + n;
  }
}
