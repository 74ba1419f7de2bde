package io.millwright.app.module;

import io.millwright.app.config.MillwrightConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the planned modules in order, stops them in reverse, and answers for their health.
 * Framework-free, so its rules are tested without booting the application.
 */
public final class ModuleManager {

  private static final Logger LOG = Logger.getLogger(ModuleManager.class.getName());

  private final List<Entry> entries = new ArrayList<>();
  private final MillwrightConfig config;
  private final Consumer<String> onFatal;
  private final Map<Key<?>, Object> services = new HashMap<>();
  private volatile String fatal;
  private boolean stopped;

  /**
   * @param onFatal called once, from any thread, when a running module fails; it should make the
   *     process exit
   */
  public ModuleManager(
      List<ModuleDescriptor> plan, MillwrightConfig config, Consumer<String> onFatal) {
    for (ModuleDescriptor d : plan) {
      entries.add(new Entry(d));
    }
    this.config = config;
    this.onFatal = onFatal;
  }

  /**
   * Starts every module as soon as the modules it needs run: independent ones (the broker and the
   * simulator, say) start side by side, so the process is ready in the time of its longest chain
   * rather than the sum of all.
   *
   * @throws ModuleStartException when one fails; the modules that need it are not started, those
   *     already started (or still starting) are stopped before this returns
   */
  public void startAll() throws ModuleStartException {
    Map<String, CompletableFuture<Void>> running = new HashMap<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Entry e : entries) {
      // The plan is in dependency order, so every need already has its future here.
      CompletableFuture<?>[] needs =
          e.descriptor.needs().stream()
              .map(running::get)
              .filter(java.util.Objects::nonNull)
              .toArray(CompletableFuture[]::new);
      CompletableFuture<Void> started =
          CompletableFuture.allOf(needs)
              .thenRunAsync(
                  () -> start(e),
                  runnable ->
                      Thread.ofPlatform()
                          .name("start-" + e.descriptor.name())
                          .daemon()
                          .start(runnable));
      running.put(e.descriptor.name(), started);
      all.add(started);
    }
    ModuleStartException failure = null;
    for (CompletableFuture<Void> started : all) {
      try {
        started.join();
      } catch (java.util.concurrent.CompletionException ex) {
        if (failure == null && ex.getCause() instanceof ModuleStartException first) {
          failure = first;
        }
      }
    }
    if (failure == null && fatal != null) {
      failure = new ModuleStartException(fatal, null);
    }
    if (failure != null) {
      stopAll(config.shutdownTimeout());
      throw failure;
    }
  }

  private final CompletableFuture<Void> startup = new CompletableFuture<>();
  private volatile long startBegan;

  /**
   * Starts the modules in the background and returns at once, so that the framework boots beside
   * them rather than before them; {@link #awaitStarted} collects the outcome.
   */
  public void beginStart() {
    startBegan = System.nanoTime();
    Thread.ofPlatform()
        .name("module-start")
        .daemon()
        .start(
            () -> {
              try {
                startAll();
                startup.complete(null);
              } catch (ModuleStartException | RuntimeException e) {
                startup.completeExceptionally(e);
              }
            });
  }

  /**
   * Waits for {@link #beginStart}'s modules.
   *
   * @return how long starting them took
   * @throws ModuleStartException as {@link #startAll} does
   */
  public Duration awaitStarted() throws ModuleStartException, InterruptedException {
    try {
      startup.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ModuleStartException failure) {
        throw failure;
      }
      throw new ModuleStartException(describe(e.getCause()), e.getCause());
    }
    return Duration.ofNanos(System.nanoTime() - startBegan);
  }

  /** Starts one module on its own thread; a failure fails the modules that need it. */
  private void start(Entry e) {
    if (fatal != null) {
      throw new java.util.concurrent.CompletionException(new ModuleStartException(fatal, null));
    }
    e.move(ModuleState.STARTING);
    long begin = System.nanoTime();
    try {
      e.module = e.descriptor.factory().get();
      e.module.start(new Context(e));
    } catch (Exception | LinkageError ex) {
      e.failure = describe(ex);
      e.move(ModuleState.FAILED);
      String why = "role '" + e.descriptor.name() + "' failed to start: " + e.failure;
      LOG.log(Level.SEVERE, why, ex);
      throw new java.util.concurrent.CompletionException(new ModuleStartException(why, ex));
    }
    e.startDuration = Duration.ofNanos(System.nanoTime() - begin);
    e.since = Instant.now();
    e.move(ModuleState.RUNNING);
    LOG.info(() -> "started " + e.descriptor.name() + " in " + e.startDuration.toMillis() + " ms");
  }

  /**
   * Stops every started module in reverse order within {@code budget} in total. Safe to call more
   * than once.
   */
  public synchronized void stopAll(Duration budget) {
    if (stopped) {
      return;
    }
    stopped = true;
    long deadline = System.nanoTime() + budget.toNanos();
    for (Entry e : entries.reversed()) {
      if (e.state == ModuleState.NEW) {
        e.move(ModuleState.STOPPED);
        continue;
      }
      if (!e.state.needsStop() || e.module == null) {
        continue;
      }
      e.move(ModuleState.STOPPING);
      long left = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100));
      Module module = e.module;
      CompletableFuture<Void> stop =
          CompletableFuture.runAsync(
              () -> {
                try {
                  module.stop();
                } catch (Exception ex) {
                  throw new IllegalStateException(describe(ex), ex);
                }
              },
              runnable ->
                  Thread.ofPlatform().name("stop-" + e.descriptor.name()).daemon().start(runnable));
      try {
        stop.get(left, TimeUnit.NANOSECONDS);
        e.move(ModuleState.STOPPED);
        LOG.info(() -> "stopped " + e.descriptor.name());
      } catch (TimeoutException ex) {
        e.failure = "did not stop within the shutdown budget";
        e.move(ModuleState.FAILED);
        LOG.warning(() -> "abandoned " + e.descriptor.name() + ": it " + e.failure);
      } catch (ExecutionException ex) {
        e.failure = "stop failed: " + describe(ex.getCause());
        e.move(ModuleState.FAILED);
        LOG.log(Level.WARNING, e.descriptor.name() + " " + e.failure, ex.getCause());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A service a running module provides, for the thin framework layer that serves it (HTTP,
   * health).
   */
  public <T> Optional<T> service(Key<T> key) {
    synchronized (services) {
      return Optional.ofNullable(services.get(key)).map(key.type()::cast);
    }
  }

  /** A running module's figures; empty when it is not running or has none. */
  public Map<String, Double> figures(String name) {
    for (Entry e : entries) {
      if (e.descriptor.name().equals(name) && e.state == ModuleState.RUNNING) {
        try {
          return e.module.figures();
        } catch (RuntimeException ex) {
          return Map.of();
        }
      }
    }
    return Map.of();
  }

  /** The first fatal failure reported while running, if any: the process should exit non-zero. */
  public String fatalFailure() {
    return fatal;
  }

  /** A snapshot of every planned module, in start order. */
  public List<ModuleStatus> status() {
    List<ModuleStatus> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      Health h = e.health();
      out.add(
          new ModuleStatus(
              e.descriptor.name(),
              e.descriptor.description(),
              e.descriptor.role(),
              e.state,
              h,
              e.startDuration,
              e.since,
              e.failure));
    }
    return out;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  /**
   * One planned module. Its state is written by the manager's thread or a failing module and read
   * by probes.
   */
  private final class Entry {
    final ModuleDescriptor descriptor;
    volatile ModuleState state = ModuleState.NEW;
    volatile Module module;
    volatile String failure;
    volatile Duration startDuration;
    volatile Instant since;

    Entry(ModuleDescriptor descriptor) {
      this.descriptor = descriptor;
    }

    synchronized void move(ModuleState next) {
      if (!state.canMoveTo(next)) {
        throw new IllegalStateException(
            descriptor.name() + ": " + state + " -> " + next + " is not a legal move");
      }
      state = next;
    }

    Health health() {
      return switch (state) {
        case NEW, STARTING -> Health.notReady("starting");
        case RUNNING -> {
          try {
            yield module.health();
          } catch (RuntimeException ex) {
            yield Health.dead("health check failed: " + describe(ex));
          }
        }
        case STOPPING, STOPPED -> Health.notReady("stopped");
        case FAILED -> Health.dead(failure == null ? "failed" : failure);
      };
    }
  }

  private final class Context implements ModuleContext {
    private final Entry entry;

    Context(Entry entry) {
      this.entry = entry;
    }

    @Override
    public MillwrightConfig config() {
      return config;
    }

    @Override
    public <T> T require(Key<T> key) {
      synchronized (services) {
        Object service = services.get(key);
        if (service == null) {
          throw new IllegalStateException(
              entry.descriptor.name() + " requires " + key + ", which no module it needs provides");
        }
        return key.type().cast(service);
      }
    }

    @Override
    public <T> void provide(Key<T> key, T service) {
      synchronized (services) {
        if (services.putIfAbsent(key, key.type().cast(service)) != null) {
          throw new IllegalStateException(key + " is already provided");
        }
      }
    }

    @Override
    public void fail(String why, Throwable cause) {
      entry.failure = why;
      synchronized (entry) {
        if (entry.state.canMoveTo(ModuleState.FAILED)) {
          entry.move(ModuleState.FAILED);
        }
      }
      LOG.log(Level.SEVERE, entry.descriptor.name() + " failed: " + why, cause);
      boolean first = false;
      synchronized (ModuleManager.this.entries) {
        if (fatal == null) {
          fatal = "role '" + entry.descriptor.name() + "' failed: " + why;
          first = true;
        }
      }
      if (first) {
        onFatal.accept(fatal);
      }
    }
  }
}
