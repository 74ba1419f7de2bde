package io.millwright.historian.postgres;

import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Value;
import io.millwright.historian.store.StoredSample;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads samples back from rows holding {@link #COLUMNS}. */
final class SampleRows {

  static final String COLUMNS = "s.ts, s.kind, s.severity, s.num, s.lng, s.txt, s.reason";

  private SampleRows() {}

  /** The sample in the row whose {@link #COLUMNS} start at column {@code first}. */
  static StoredSample read(String tag, ResultSet r, int first) throws SQLException {
    long ts = r.getLong(first);
    int kind = r.getInt(first + 1);
    Value value =
        switch (kind) {
          case 0 -> Value.of(r.getLong(first + 4) != 0);
          case 1 -> Value.of(r.getLong(first + 4));
          case 2 -> Value.of(r.getDouble(first + 3));
          case 3 -> Value.of(r.getString(first + 5));
          default -> throw new SQLException("unknown value kind " + kind + " in the samples table");
        };
    Quality.Severity severity = Quality.Severity.values()[r.getInt(first + 2)];
    return new StoredSample(tag, ts, value, new Quality(severity, r.getString(first + 6)));
  }
}
