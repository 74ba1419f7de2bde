package io.millwright.connect.opcua;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * A tag address as OPC UA writes NodeIds (Part 6, 5.3.1.10): {@code ns=2;s=cnc-01/spindle/speed},
 * {@code ns=3;i=1001}, {@code g=...}, {@code b=...} (base64), or {@code nsu=<uri>;s=...}. A
 * namespace URI is kept as written and resolved against the server's namespace array at connect,
 * because namespace indexes may differ between servers (and between restarts of one server) while
 * URIs do not.
 */
final class NodeAddress {

  static final int MAX_NAMESPACE_INDEX = 0xFFFF;
  static final long MAX_NUMERIC_ID = 0xFFFF_FFFFL;

  private final int namespaceIndex;
  private final String namespaceUri;
  private final Object identifier;

  private NodeAddress(int namespaceIndex, String namespaceUri, Object identifier) {
    this.namespaceIndex = namespaceIndex;
    this.namespaceUri = namespaceUri;
    this.identifier = identifier;
  }

  /**
   * @throws IllegalArgumentException saying what is wrong and showing the accepted forms
   */
  static NodeAddress parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid("is empty");
    }
    String rest = text.strip();
    int namespaceIndex = 0;
    String namespaceUri = null;
    if (rest.startsWith("ns=") || rest.startsWith("nsu=")) {
      int semicolon = rest.indexOf(';');
      if (semicolon < 0) {
        throw invalid("\"" + text + "\" has a namespace but no identifier after a ';'");
      }
      String namespace = rest.substring(0, semicolon);
      rest = rest.substring(semicolon + 1);
      if (namespace.startsWith("nsu=")) {
        namespaceUri = namespace.substring(4);
        if (namespaceUri.isBlank()) {
          throw invalid("\"" + text + "\" has an empty namespace URI after nsu=");
        }
      } else {
        namespaceIndex = parseNamespaceIndex(namespace.substring(3), text);
      }
    }
    return new NodeAddress(namespaceIndex, namespaceUri, parseIdentifier(rest, text));
  }

  private static int parseNamespaceIndex(String digits, String text) {
    long index = parseUnsigned(digits, MAX_NAMESPACE_INDEX);
    if (index < 0) {
      throw invalid(
          "\"" + text + "\" has namespace index \"" + digits + "\"; use a number 0 to 65535");
    }
    return (int) index;
  }

  private static Object parseIdentifier(String id, String text) {
    if (id.length() < 3 || id.charAt(1) != '=') {
      throw invalid("\"" + text + "\" has no identifier; it ends with i=, s=, g= or b=");
    }
    String value = id.substring(2);
    return switch (id.charAt(0)) {
      case 'i' -> {
        long numeric = parseUnsigned(value, MAX_NUMERIC_ID);
        if (numeric < 0) {
          throw invalid(
              "\"" + text + "\" has numeric identifier \"" + value + "\"; use 0 to 4294967295");
        }
        yield numeric;
      }
      case 's' -> value;
      case 'g' -> {
        try {
          if (value.length() != 36) {
            throw new IllegalArgumentException();
          }
          yield UUID.fromString(value);
        } catch (IllegalArgumentException e) {
          throw invalid(
              "\"" + text + "\" has GUID \"" + value + "\"; write it as 8-4-4-4-12 hex digits");
        }
      }
      case 'b' -> {
        try {
          yield ByteString.of(Base64.getDecoder().decode(value));
        } catch (IllegalArgumentException e) {
          throw invalid("\"" + text + "\" has opaque identifier \"" + value + "\"; use base64");
        }
      }
      default ->
          throw invalid(
              "\"" + text + "\" has identifier type '" + id.charAt(0) + "'; use i=, s=, g= or b=");
    };
  }

  /** A non-negative number up to max, or -1: digits only, no sign, no leading '+'. */
  private static long parseUnsigned(String digits, long max) {
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    long value = Long.parseLong(digits);
    return value > max ? -1 : value;
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException(
        problem
            + "; write an OPC UA NodeId such as ns=2;s=Line1/Press/Force, ns=3;i=1001 or"
            + " nsu=urn:vendor:machine;s=Speed");
  }

  /** The namespace URI when the address names one instead of an index. */
  Optional<String> namespaceUri() {
    return Optional.ofNullable(namespaceUri);
  }

  /**
   * The NodeId on a server with this namespace array.
   *
   * @throws IllegalStateException when the server does not know the namespace URI
   */
  NodeId resolve(NamespaceTable namespaces) {
    int index = namespaceIndex;
    if (namespaceUri != null) {
      UShort found = namespaces.getIndex(namespaceUri);
      if (found == null) {
        throw new IllegalStateException(
            "the server has no namespace \"" + namespaceUri + "\" in its namespace array");
      }
      index = found.intValue();
    }
    return switch (identifier) {
      case Long numeric -> new NodeId(index, UInteger.valueOf(numeric));
      case String text -> new NodeId(index, text);
      case UUID guid -> new NodeId(index, guid);
      case ByteString opaque -> new NodeId(index, opaque);
      default -> throw new IllegalStateException("unexpected identifier " + identifier);
    };
  }

  /** The address in its canonical form, as the browser shows NodeIds. */
  @Override
  public String toString() {
    String namespace =
        namespaceUri != null
            ? "nsu=" + namespaceUri + ";"
            : namespaceIndex == 0 ? "" : "ns=" + namespaceIndex + ";";
    return namespace + identifierText(identifier);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeAddress other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** A server's NodeId in the form tag addresses use: {@code ns=2;s=...}, {@code i=85}. */
  static String format(NodeId nodeId) {
    int index = nodeId.getNamespaceIndex().intValue();
    Object id = nodeId.getIdentifier();
    if (id instanceof UInteger numeric) {
      id = numeric.longValue();
    }
    return (index == 0 ? "" : "ns=" + index + ";") + identifierText(id);
  }

  private static String identifierText(Object id) {
    return switch (id) {
      case Long numeric -> "i=" + numeric;
      case String text -> "s=" + text;
      case UUID guid -> "g=" + guid;
      case ByteString opaque -> "b=" + Base64.getEncoder().encodeToString(opaque.bytesOrEmpty());
      default -> throw new IllegalStateException("unexpected identifier " + id);
    };
  }
}
