package io.millwright.historian.postgres;

import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.SampleStoreContract;
import io.millwright.uns.testkit.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a real PostgreSQL server. One server serves the class; each test's
 * directory stands for a schema of its own, so every test starts empty and a reopen finds its data.
 */
class PostgresStoreIT extends SampleStoreContract {

  private static PostgresServer server;
  private static final Map<Path, String> SCHEMAS = new ConcurrentHashMap<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected SampleStore open(Path dir) {
    String schema = SCHEMAS.computeIfAbsent(dir, d -> "contract_" + SCHEMAS.size());
    return PostgresStore.open(server.url(), PostgresServer.USER, server.password(), schema);
  }
}
