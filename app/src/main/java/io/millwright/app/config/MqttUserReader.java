package io.millwright.app.config;

import io.millwright.core.namespace.InvalidNameException;
import io.millwright.core.namespace.Names;
import io.millwright.uns.broker.TopicRule;
import io.millwright.web.users.PasswordHash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads {@code mqtt.users}: for each user a name, a password hash and the topic filters it may
 * publish and subscribe to.
 *
 * <pre>
 * mqtt:
 *   users:
 *     - name: node-red
 *       password: pbkdf2-sha256$210000$...   # from 'millwright passwd'
 *       publish: [acme/plant-1/#]
 *       subscribe: [spBv1.0/#, acme/#]
 * </pre>
 */
final class MqttUserReader {

  static final Set<String> KEYS = Set.of("name", "password", "publish", "subscribe");

  private MqttUserReader() {}

  static List<MqttConfig.User> read(YamlFile yaml, Node list, String key) {
    List<MqttConfig.User> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Node> items = yaml.sequence(list, key).getValue();
    for (int i = 0; i < items.size(); i++) {
      String base = key + "[" + i + "]";
      Map<String, Node> fields = new LinkedHashMap<>();
      for (NodeTuple t : yaml.mapping(items.get(i), base).getValue()) {
        String field = yaml.key(t, base);
        if (!KEYS.contains(field)) {
          throw new ConfigException(
              yaml.where(t.getKeyNode()),
              base + "." + field,
              "is not a known key; known keys here: name, password, publish, subscribe");
        }
        if (fields.put(field, t.getValueNode()) != null) {
          throw new ConfigException(
              yaml.where(t.getKeyNode()), base + "." + field, "is given twice");
        }
      }
      Node nameNode = require(yaml, fields, "name", base, items.get(i));
      String name = yaml.scalar(nameNode, base + ".name");
      try {
        Names.requireName("MQTT user name", name);
      } catch (InvalidNameException e) {
        throw new ConfigException(yaml.where(nameNode), base + ".name", e.getMessage());
      }
      if (name.equals("admin") || name.equals("millwright")) {
        throw new ConfigException(
            yaml.where(nameNode), base + ".name", "'" + name + "' is reserved");
      }
      if (!names.add(name)) {
        throw new ConfigException(
            yaml.where(nameNode), base + ".name", "user '" + name + "' is given twice");
      }
      Node passwordNode = require(yaml, fields, "password", base, items.get(i));
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(yaml.scalar(passwordNode, base + ".password"));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(yaml.where(passwordNode), base + ".password", e.getMessage());
      }
      List<TopicRule> rules = new ArrayList<>();
      rules(yaml, fields.get("publish"), base + ".publish", TopicRule.Access.PUBLISH, rules);
      rules(yaml, fields.get("subscribe"), base + ".subscribe", TopicRule.Access.SUBSCRIBE, rules);
      if (rules.isEmpty()) {
        throw new ConfigException(
            yaml.where(items.get(i)),
            base,
            "user '" + name + "' may neither publish nor subscribe; give topics");
      }
      users.add(new MqttConfig.User(name, hash, rules));
    }
    return users;
  }

  private static Node require(
      YamlFile yaml, Map<String, Node> fields, String field, String base, Node parent) {
    Node node = fields.get(field);
    if (node == null) {
      throw new ConfigException(yaml.where(parent), base + "." + field, "is missing");
    }
    return node;
  }

  private static void rules(
      YamlFile yaml, Node node, String key, TopicRule.Access access, List<TopicRule> out) {
    if (node == null) {
      return;
    }
    for (Node filter : yaml.sequence(node, key).getValue()) {
      try {
        out.add(new TopicRule(yaml.scalar(filter, key), access));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(yaml.where(filter), key, e.getMessage());
      }
    }
  }
}
