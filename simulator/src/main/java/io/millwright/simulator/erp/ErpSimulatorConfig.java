package io.millwright.simulator.erp;

import io.millwright.simulator.plant.MachineProducts;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the ERP simulator runs.
 *
 * @param host the address to listen on, e.g. {@code 127.0.0.1}
 * @param port 0 for any free port
 * @param bearerToken when set, every request must carry {@code Authorization: Bearer <token>}; a
 *     secret, never printed
 * @param seed makes the generated orders the same run after run
 * @param machines the plant's machines it plans orders for
 * @param clock planned times of new orders, receipt times and the length of an outage
 * @param openOrdersPerMachine how many open orders it keeps for each machine
 */
public record ErpSimulatorConfig(
    String host,
    int port,
    Optional<String> bearerToken,
    long seed,
    List<MachineProducts> machines,
    Clock clock,
    int openOrdersPerMachine) {

  public static final int DEFAULT_OPEN_ORDERS = 2;

  public ErpSimulatorConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bearerToken, "bearerToken");
    Objects.requireNonNull(clock, "clock");
    machines = List.copyOf(machines);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    bearerToken.ifPresent(
        t -> {
          if (t.isBlank() || t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(
                "bearerToken must be non-empty printable ASCII without spaces");
          }
        });
    if (openOrdersPerMachine < 1 || openOrdersPerMachine > 100) {
      throw new IllegalArgumentException(
          "openOrdersPerMachine must be 1 to 100, not " + openOrdersPerMachine);
    }
    if (machines.stream().map(MachineProducts::machineId).distinct().count() != machines.size()) {
      throw new IllegalArgumentException("a machine is listed twice");
    }
  }

  /** Loopback, any free port, no token, seed 1, two open orders per machine. */
  public static ErpSimulatorConfig of(List<MachineProducts> machines, Clock clock) {
    return new ErpSimulatorConfig(
        "127.0.0.1", 0, Optional.empty(), 1, machines, clock, DEFAULT_OPEN_ORDERS);
  }

  public ErpSimulatorConfig withBearerToken(String token) {
    return new ErpSimulatorConfig(
        host, port, Optional.of(token), seed, machines, clock, openOrdersPerMachine);
  }

  public ErpSimulatorConfig withAddress(String host, int port) {
    return new ErpSimulatorConfig(
        host, port, bearerToken, seed, machines, clock, openOrdersPerMachine);
  }

  public ErpSimulatorConfig withSeed(long seed) {
    return new ErpSimulatorConfig(
        host, port, bearerToken, seed, machines, clock, openOrdersPerMachine);
  }

  public ErpSimulatorConfig withOpenOrdersPerMachine(int n) {
    return new ErpSimulatorConfig(host, port, bearerToken, seed, machines, clock, n);
  }

  /** Without the token: it is a secret. */
  @Override
  public String toString() {
    return "ErpSimulatorConfig[host="
        + host
        + ", port="
        + port
        + ", bearerToken="
        + (bearerToken.isPresent() ? "(set)" : "(none)")
        + ", seed="
        + seed
        + ", machines="
        + machines.size()
        + ", openOrdersPerMachine="
        + openOrdersPerMachine
        + "]";
  }
}
