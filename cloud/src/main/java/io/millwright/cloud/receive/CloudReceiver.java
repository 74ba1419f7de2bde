package io.millwright.cloud.receive;

import io.millwright.cloud.fleet.FleetView;
import io.millwright.cloud.fleet.RegisteredSite;
import io.millwright.cloud.fleet.SiteRegistry;
import io.millwright.historian.store.SampleStore;
import io.millwright.historian.store.StoredSample;
import io.millwright.publisher.batch.Batch;
import io.millwright.publisher.batch.BatchCodec;
import io.millwright.publisher.batch.MalformedBatchException;
import io.millwright.publisher.batch.TagReading;
import io.millwright.publisher.batch.UnknownBatchVersionException;
import io.millwright.publisher.transport.BatchSink;
import io.millwright.publisher.transport.Envelope;
import io.millwright.publisher.transport.SiteStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where every transport hands the sites' batches: stores each batch's readings in the cloud's
 * historian and its events in the journal exactly once, however often and by however many
 * transports at once it arrives.
 *
 * <p>The order is what makes it exactly-once: readings into the store first, then the receipt (with
 * the events and the site's totals) into the journal. A batch with a receipt is a duplicate; one
 * without is stored (again). When the cloud dies between the two, the resend writes the readings a
 * second time and the store keeps each (tag, timestamp) once (both stores do, see the tests), while
 * the events and totals, committed with the receipt, were never written the first time.
 *
 * <p>A site's batches are taken one at a time (a lock per registered site): two transports handing
 * over the same batch at once would otherwise both find no receipt. Different sites do not wait for
 * each other here (the store may serialise them itself).
 *
 * <p>Refused for good, counted and never stored: a site that is not registered; a batch or status
 * naming another site than the one the transport authenticated, or readings of tags outside the
 * sender's namespace; contents that do not decode, that are another batch than the envelope says,
 * or tag paths with control characters.
 *
 * <p>Thread-safe.
 */
public final class CloudReceiver implements BatchSink {

  private static final System.Logger LOG = System.getLogger(CloudReceiver.class.getName());

  private final SiteRegistry registry;
  private final SampleStore store;
  private final ReceiptJournal journal;
  private final FleetView fleet;
  private final Clock clock;
  private final Map<String, ReentrantLock> siteLocks = new LinkedHashMap<>();

  private final LongAdder batchesStored = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder refusedUnregistered = new LongAdder();
  private final LongAdder refusedWrongSite = new LongAdder();
  private final LongAdder refusedMalformed = new LongAdder();
  private final LongAdder readingsStored = new LongAdder();
  private final LongAdder eventsStored = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();

  /**
   * @param store where the readings go (the cloud's historian)
   * @param journal the receipts and events
   * @param fleet told of every batch and status once they are durable
   * @param clock the cloud's clock, for receipts and contact times
   */
  public CloudReceiver(
      SiteRegistry registry,
      SampleStore store,
      ReceiptJournal journal,
      FleetView fleet,
      Clock clock) {
    this.registry = registry;
    this.store = store;
    this.journal = journal;
    this.fleet = fleet;
    this.clock = clock;
    // Built once from the registry and never grown: a flood of unknown site ids costs no memory.
    for (RegisteredSite site : registry.sites()) {
      siteLocks.put(site.id(), new ReentrantLock());
    }
  }

  @Override
  public Outcome accept(String site, Envelope batch) throws RefusedException {
    requireRegistered(site);
    Instant now = clock.instant();
    if (!batch.id().site().equals(site)) {
      throw refuseWrongSite(
          site,
          "batch " + batch.id() + " names site " + batch.id().site() + ", but came from " + site,
          now);
    }
    Batch contents = decode(site, batch, now);
    ReentrantLock lock = siteLocks.get(site);
    lock.lock();
    try {
      if (journal.receipt(batch.id()).isPresent()) {
        duplicates.increment();
        journal.recordDuplicate(site, now);
        fleet.duplicate(site, now);
        return Outcome.DUPLICATE;
      }
      store(batch, contents, now);
      return Outcome.STORED;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void acceptStatus(String site, SiteStatus status) throws RefusedException {
    requireRegistered(site);
    Instant now = clock.instant();
    if (!status.site().equals(site)) {
      throw refuseWrongSite(
          site, "a status naming site " + status.site() + " came from site " + site, now);
    }
    journal.recordStatus(site, status, now);
    fleet.status(site, status, now);
  }

  /** The counters since the receiver started. */
  public ReceiverStats stats() {
    return new ReceiverStats(
        batchesStored.sum(),
        duplicates.sum(),
        refusedUnregistered.sum(),
        refusedWrongSite.sum(),
        refusedMalformed.sum(),
        readingsStored.sum(),
        eventsStored.sum(),
        storeFailures.sum());
  }

  /**
   * Refuses (and counts) a site that is not registered: for a transport that checks before it reads
   * the body, e.g. the HTTPS endpoint before the site's token.
   */
  public void requireRegistered(String site) throws RefusedException {
    if (site == null || registry.find(site).isEmpty()) {
      refusedUnregistered.increment();
      // Debug only: a site not registered yet sends every few seconds; the counter shows it.
      LOG.log(System.Logger.Level.DEBUG, "refused: site {0} is not registered", site);
      throw new RefusedException("site " + site + " is not registered");
    }
  }

  private RefusedException refuseWrongSite(String site, String why, Instant now) {
    refusedWrongSite.increment();
    journal.recordRefused(site, now);
    fleet.refused(site, now);
    LOG.log(System.Logger.Level.WARNING, "refused from site {0}: {1}", site, why);
    return new RefusedException(why);
  }

  private RefusedException refuseMalformed(
      String site, Envelope batch, String problem, Instant now) {
    refusedMalformed.increment();
    journal.recordRefused(site, now);
    fleet.refused(site, now);
    String why = "batch " + batch.id() + " is malformed: " + problem;
    LOG.log(System.Logger.Level.WARNING, "refused from site {0}: {1}", site, why);
    return new RefusedException(why);
  }

  private Batch decode(String site, Envelope batch, Instant now) throws RefusedException {
    Batch contents;
    try {
      contents = BatchCodec.decode(batch.payload());
    } catch (UnknownBatchVersionException e) {
      // A site upgraded before the cloud: its batch is sound; the site keeps it and sends again.
      throw new IllegalStateException(
          "batch " + batch.id() + ": " + e.getMessage() + "; upgrade the cloud to read it");
    } catch (MalformedBatchException e) {
      throw refuseMalformed(site, batch, e.getMessage(), now);
    }
    if (!contents.id().equals(batch.id())) {
      throw refuseMalformed(site, batch, "its contents are batch " + contents.id(), now);
    }
    String unstorable = unstorableTag(contents);
    if (unstorable != null) {
      throw refuseMalformed(site, batch, unstorable, now);
    }
    String foreign = foreignTag(site, contents);
    if (foreign != null) {
      throw refuseWrongSite(site, "batch " + batch.id() + " holds " + foreign, now);
    }
    return contents;
  }

  /**
   * A tag path with a control character, or null. No namespace name holds one, and PostgreSQL
   * cannot store a NUL: such a batch would fail the store on every resend, for ever.
   */
  private static String unstorableTag(Batch contents) {
    for (TagReading r : contents.readings()) {
      if (r.tag().chars().anyMatch(Character::isISOControl)) {
        StringBuilder shown = new StringBuilder();
        r.tag().chars().forEach(c -> shown.append(Character.isISOControl(c) ? '?' : (char) c));
        return "tag path \"" + shown + "\" holds a control character";
      }
    }
    return null;
  }

  /**
   * A tag outside the site's namespace ({@code <enterprise>/<site>/...}), or null: a site writes
   * its own tags only, never another plant's history.
   */
  private static String foreignTag(String site, Batch contents) {
    for (TagReading r : contents.readings()) {
      String[] levels = r.tag().split("/", 3);
      if (levels.length < 3 || !levels[1].equals(site)) {
        return "tag " + r.tag() + ", which is not in site " + site + "'s namespace";
      }
    }
    return null;
  }

  /** Readings, then the receipt: see the class comment for why in this order. */
  private void store(Envelope batch, Batch contents, Instant now) {
    List<StoredSample> samples = new ArrayList<>(contents.readings().size());
    long newest = Long.MIN_VALUE;
    for (TagReading r : contents.readings()) {
      samples.add(
          new StoredSample(
              r.tag(), r.sample().timestamp(), r.sample().value(), r.sample().quality()));
      newest = Math.max(newest, r.sample().timestamp());
    }
    Optional<Instant> newestReading =
        samples.isEmpty() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
    try {
      store.append(samples);
      journal.record(
          new Receipt(
              batch.id(), now, samples.size(), contents.events().size(), batch.historical()),
          contents.events(),
          newestReading);
    } catch (RuntimeException e) {
      storeFailures.increment();
      throw e;
    }
    batchesStored.increment();
    readingsStored.add(samples.size());
    eventsStored.add(contents.events().size());
    fleet.batchStored(batch.id().site(), now, samples.size(), newestReading);
  }
}
