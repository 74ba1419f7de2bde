package io.millwright.historian.postgres;

import io.millwright.historian.store.TagFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dictionary of tag paths: each path is stored once and samples refer to it by a small id. Ids
 * are cached only once the transaction that created them has committed.
 */
final class Tags {

  /** A tag known to the dictionary. */
  record Tag(int id, String path) {}

  private final Schema schema;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();

  Tags(Schema schema) {
    this.schema = schema;
  }

  void forget() {
    ids.clear();
  }

  /**
   * The ids of the paths, registering the new ones within the caller's transaction. Paths are
   * registered in sorted order so that two writers cannot deadlock on the unique index.
   */
  Map<String, Integer> resolve(Connection c, Set<String> paths) throws SQLException {
    Map<String, Integer> resolved = new HashMap<>();
    Set<String> missing = new TreeSet<>();
    for (String path : paths) {
      Integer id = ids.get(path);
      if (id == null) {
        missing.add(path);
      } else {
        resolved.put(path, id);
      }
    }
    if (!missing.isEmpty()) {
      Object[] array = missing.toArray();
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO "
                  + schema.tag()
                  + " (path) SELECT unnest(?::text[]) ON CONFLICT (path) DO NOTHING")) {
        insert.setArray(1, c.createArrayOf("text", array));
        insert.executeUpdate();
      }
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT id, path FROM " + schema.tag() + " WHERE path = ANY(?::text[])")) {
        select.setArray(1, c.createArrayOf("text", array));
        try (ResultSet r = select.executeQuery()) {
          while (r.next()) {
            resolved.put(r.getString(2), r.getInt(1));
          }
        }
      }
    }
    return resolved;
  }

  /** Caches ids whose registration has committed. */
  void remember(Map<String, Integer> committed) {
    ids.putAll(committed);
  }

  /** The tag's id, or null when the path was never stored. */
  Integer id(Connection c, String path) throws SQLException {
    Integer id = ids.get(path);
    if (id != null) {
      return id;
    }
    try (PreparedStatement s =
        c.prepareStatement("SELECT id FROM " + schema.tag() + " WHERE path = ?")) {
      s.setString(1, path);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        ids.put(path, r.getInt(1));
        return r.getInt(1);
      }
    }
  }

  /**
   * The tags matching the filter, in the order of {@link String#compareTo}: an index range scan on
   * the filter's fixed prefix, then the filter itself.
   */
  List<Tag> matching(Connection c, TagFilter filter) throws SQLException {
    List<Tag> tags = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, path FROM " + schema.tag() + " WHERE path LIKE ? ESCAPE '\\'")) {
      s.setString(1, likePrefix(filter.prefix()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String path = r.getString(2);
          if (filter.matches(path)) {
            tags.add(new Tag(r.getInt(1), path));
          }
        }
      }
    }
    tags.sort((a, b) -> a.path().compareTo(b.path()));
    return tags;
  }

  private static String likePrefix(String prefix) {
    StringBuilder like = new StringBuilder(prefix.length() + 1);
    for (int i = 0; i < prefix.length(); i++) {
      char ch = prefix.charAt(i);
      if (ch == '%' || ch == '_' || ch == '\\') {
        like.append('\\');
      }
      like.append(ch);
    }
    return like.append('%').toString();
  }
}
