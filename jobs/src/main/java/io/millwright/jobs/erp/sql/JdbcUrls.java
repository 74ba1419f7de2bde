package io.millwright.jobs.erp.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** JDBC URLs made fit for logs and the sync status: credentials cut out. */
final class JdbcUrls {

  private JdbcUrls() {}

  /**
   * The URL without {@code user=}, {@code password=} (and any other {@code *password*}) parameters,
   * whether in the query ({@code ?a=b&c=d}, PostgreSQL and MariaDB) or as {@code ;KEY=value}
   * attributes (H2), and without a {@code user:password@} before the host.
   */
  static String withoutCredentials(String url) {
    String withoutUserInfo = url.replaceFirst("//[^/@?;]*@", "//");
    int query = withoutUserInfo.indexOf('?');
    String base = query < 0 ? withoutUserInfo : withoutUserInfo.substring(0, query);
    StringBuilder out = new StringBuilder(filter(base, ";", true));
    if (query >= 0) {
      String params = filter(withoutUserInfo.substring(query + 1), "&", false);
      if (!params.isEmpty()) {
        out.append('?').append(params);
      }
    }
    return out.toString();
  }

  /** Drops the credential parts of a list; with {@code keepFirst} the first part is never one. */
  private static String filter(String text, String separator, boolean keepFirst) {
    String[] parts = text.split(separator, -1);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      if ((keepFirst && i == 0) || !isCredential(parts[i])) {
        kept.add(parts[i]);
      }
    }
    return String.join(separator, kept);
  }

  private static boolean isCredential(String parameter) {
    int eq = parameter.indexOf('=');
    String key = (eq < 0 ? parameter : parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
    return key.equals("user") || key.contains("password") || key.contains("secret");
  }
}
