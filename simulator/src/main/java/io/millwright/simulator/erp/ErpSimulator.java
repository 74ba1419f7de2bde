package io.millwright.simulator.erp;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small ERP for the demo and the tests: production orders for the plant's machines to fetch over
 * REST, and confirmations to send back, in the JSON the site's generic REST adapter speaks.
 *
 * <p>Endpoints under {@code /api}: {@code GET /orders?after=&limit=}, {@code POST /orders}, {@code
 * GET /orders/{orderNumber}}, {@code POST /confirmations}, {@code GET /confirmations?order=} and
 * {@code POST /outage}. It keeps {@link ErpSimulatorConfig#openOrdersPerMachine} open orders per
 * machine, planning a new one whenever an order is confirmed completed, aborted or rejected.
 *
 * <p>Thread-safe.
 */
public final class ErpSimulator implements AutoCloseable {

  /** Confirmations kept; older ones are dropped and counted. */
  public static final int MAX_CONFIRMATIONS = 100_000;

  private static final Logger LOG = System.getLogger(ErpSimulator.class.getName());
  private static final int WORKERS = 4;

  private final ErpSimulatorConfig config;
  private final OrderBook book;
  private final ErpCounters counters = new ErpCounters();
  private final ErpApi api;
  private HttpServer server;
  private ExecutorService workers;

  public ErpSimulator(ErpSimulatorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.book =
        new OrderBook(
            config.machines(),
            config.seed(),
            config.clock(),
            config.openOrdersPerMachine(),
            MAX_CONFIRMATIONS);
    this.api = new ErpApi(book, counters, config.clock(), config.bearerToken());
  }

  /**
   * Plans the first orders and starts serving.
   *
   * @throws UncheckedIOException when the port cannot be bound
   * @throws IllegalStateException when started already
   */
  public synchronized ErpSimulator start() {
    if (server != null) {
      throw new IllegalStateException("the ERP simulator is running already");
    }
    book.seed();
    try {
      server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + config.host() + ":" + config.port() + " for the ERP simulator", e);
    }
    AtomicInteger n = new AtomicInteger();
    workers =
        Executors.newFixedThreadPool(
            WORKERS,
            r -> {
              Thread t = new Thread(r, "erp-simulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(workers);
    server.createContext("/api", api);
    server.start();
    LOG.log(
        Level.INFO,
        "ERP simulator serving {0} orders for {1} machines at {2}",
        book.size(),
        config.machines().size(),
        baseUrl());
    return this;
  }

  /** The port it listens on. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the ERP simulator is not running");
    }
    return server.getAddress().getPort();
  }

  /** E.g. {@code http://127.0.0.1:41234/api}: what the site's REST adapter takes as base URL. */
  public String baseUrl() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port() + "/api";
  }

  /** Every endpoint but {@code /outage} answers 503 for this long; zero ends an outage. */
  public void outage(Duration length) {
    if (length.isNegative()) {
      throw new IllegalArgumentException("an outage cannot be negative: " + length);
    }
    api.outage(length.toSeconds());
  }

  public ErpCounters.Counts counters() {
    return counters.snapshot(book.droppedConfirmations());
  }

  /** Orders the ERP holds, open and closed. */
  public int orderCount() {
    return book.size();
  }

  /** Open orders for the machine: released or under way, not completed, aborted or rejected. */
  public int openOrders(String machineId) {
    return book.openOrders(machineId);
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      workers.shutdownNow();
      server = null;
    }
  }

  @Override
  public String toString() {
    return "ErpSimulator[" + config + "]";
  }
}
