package io.millwright.uns.broker;

/**
 * One line of a user's topic access list: a topic filter (MQTT wildcards allowed) and what the user
 * may do there. Anything not allowed by some rule is denied.
 */
public record TopicRule(String filter, Access access) {

  public enum Access {
    PUBLISH,
    SUBSCRIBE,
    ALL
  }

  public TopicRule {
    if (filter == null || filter.isEmpty()) {
      throw new IllegalArgumentException("a topic rule needs a topic filter");
    }
    int hash = filter.indexOf('#');
    if (hash >= 0
        && (hash != filter.length() - 1 || (hash > 0 && filter.charAt(hash - 1) != '/'))) {
      throw new IllegalArgumentException(
          "topic filter \"" + filter + "\": '#' must be the whole last level, as in spBv1.0/#");
    }
    for (int i = 0; i < filter.length(); i++) {
      if (filter.charAt(i) == '+') {
        boolean alone =
            (i == 0 || filter.charAt(i - 1) == '/')
                && (i == filter.length() - 1 || filter.charAt(i + 1) == '/');
        if (!alone) {
          throw new IllegalArgumentException(
              "topic filter \""
                  + filter
                  + "\": '+' must be a whole level, as in spBv1.0/+/DDATA/#");
        }
      }
    }
    if (access == null) {
      throw new IllegalArgumentException(
          "topic filter \"" + filter + "\" needs an access: publish, subscribe or all");
    }
  }

  public static TopicRule all(String filter) {
    return new TopicRule(filter, Access.ALL);
  }
}
