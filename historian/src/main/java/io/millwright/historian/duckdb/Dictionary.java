package io.millwright.historian.duckdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small integer codes for repeated strings (tag paths, quality reasons), so that a sample row
 * carries 4 bytes instead of a 60-byte path. Codes handed out in a transaction stay pending until
 * it commits, so a failed append leaves no code in memory that the database does not have.
 *
 * <p>Not thread-safe: the store calls it under its lock.
 */
final class Dictionary<K> {

  private final Map<K, Integer> committed = new HashMap<>();
  private final Map<Integer, K> byCode = new HashMap<>();
  private final Map<K, Integer> pending = new LinkedHashMap<>();
  private int next;

  Dictionary(int firstCode) {
    this.next = firstCode;
  }

  /** An entry read back from the database. */
  void load(K key, int code) {
    committed.put(key, code);
    byCode.put(code, key);
    next = Math.max(next, code + 1);
  }

  /** The key's code, handing out a pending one for a key not seen before. */
  int codeOf(K key) {
    Integer code = committed.get(key);
    if (code == null) {
      code = pending.computeIfAbsent(key, k -> next++);
    }
    return code;
  }

  /** The codes handed out since the last commit or rollback, to be written with the batch. */
  Map<K, Integer> pending() {
    return pending;
  }

  void commit() {
    pending.forEach(this::load);
    pending.clear();
  }

  /** Forgets the pending codes; the numbers are not reused, a gap costs nothing. */
  void rollback() {
    pending.clear();
  }

  K keyOf(int code) {
    return byCode.get(code);
  }

  Integer committedCode(K key) {
    return committed.get(key);
  }

  /** How many committed entries there are; they are only ever added. */
  int size() {
    return committed.size();
  }

  List<K> keys() {
    return new ArrayList<>(committed.keySet());
  }
}
