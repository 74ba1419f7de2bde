package io.millwright.historian.postgres;

import io.millwright.historian.store.StoredSample;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates the daily partitions a batch needs before the batch is written. They are created in a
 * transaction of their own: an empty partition left by a batch that then failed holds no data, and
 * the short lock that creating a partition takes on the parent table is not held while the batch is
 * copied.
 */
final class Partitions {

  static final long DAY_MILLIS = 86_400_000L;

  private final Schema schema;
  private final Set<Long> known = ConcurrentHashMap.newKeySet();

  Partitions(Schema schema) {
    this.schema = schema;
  }

  /**
   * Forgets what is known, e.g. after the connection was lost (retention may have dropped some).
   */
  void reload(Connection c) throws SQLException {
    known.clear();
    known.addAll(schema.partitionDays(c));
  }

  /** The days of the batch that have no partition yet, in order. */
  Set<Long> missing(List<StoredSample> samples) {
    Set<Long> days = new TreeSet<>();
    for (StoredSample s : samples) {
      long day = Math.floorDiv(s.timestamp(), DAY_MILLIS);
      if (!known.contains(day)) {
        days.add(day);
      }
    }
    return days;
  }

  /** Creates the partitions; call {@link #created} once the transaction has committed. */
  void create(Connection c, Set<Long> days) throws SQLException {
    for (long day : days) {
      schema.createPartition(c, day);
    }
  }

  void created(Set<Long> days) {
    known.addAll(days);
  }

  /** Forgets a partition retention dropped, so that a late sample for its day creates it again. */
  void dropped(long day) {
    known.remove(day);
  }
}
