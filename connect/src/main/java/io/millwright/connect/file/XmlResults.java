package io.millwright.connect.file;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * An XML result: one result per file, values found by {@link XmlPath}. The first element matching a
 * path gives its value: the element's text (trimmed, text of child elements included) or the
 * attribute's value.
 *
 * <p>A document type declaration is refused outright. Result files never need one, and a DTD is how
 * XML attacks work: external entities read local files or reach into the network (XXE), nested
 * entities blow up memory ("billion laughs").
 */
final class XmlResults implements ResultParser {

  private static final XMLInputFactory FACTORY = secureFactory();

  /** The encoding an XML declaration names, read from the first bytes (a UTF-8 BOM allowed). */
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile(
          "(?:\u00EF\u00BB\u00BF)?<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._\\-]{1,40})[\"']");

  private final Map<String, XmlPath> paths = new LinkedHashMap<>();

  /**
   * @param addresses checked with {@link XmlPath#parse} beforehand
   */
  XmlResults(List<String> addresses) {
    addresses.forEach(a -> paths.put(a, XmlPath.parse(a)));
  }

  private static XMLInputFactory secureFactory() {
    // The JDK's own parser, not whichever StAX implementation the class path brings.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  @Override
  public List<ResultRecord> parse(byte[] content) throws BadFileException {
    Map<String, String> fields = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<Map<String, String>> attributes = new ArrayList<>();
    // The text collected for the element addresses whose element is open, by address.
    Map<String, StringBuilder> open = new LinkedHashMap<>();
    Map<String, Integer> openDepth = new HashMap<>();
    boolean sawRoot = false;
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new StringReader(decode(content)));
      while (reader.hasNext()) {
        switch (reader.next()) {
          case XMLStreamConstants.DTD ->
              throw new BadFileException(
                  "the file declares a document type (DOCTYPE), which result files never need and"
                      + " which is refused for safety");
          case XMLStreamConstants.ENTITY_REFERENCE ->
              throw new BadFileException("the file refers to an undeclared entity");
          case XMLStreamConstants.START_ELEMENT -> {
            sawRoot = true;
            names.add(reader.getLocalName());
            Map<String, String> attrs = new HashMap<>();
            for (int i = 0; i < reader.getAttributeCount(); i++) {
              attrs.put(reader.getAttributeLocalName(i), reader.getAttributeValue(i));
            }
            attributes.add(attrs);
            for (Map.Entry<String, XmlPath> e : paths.entrySet()) {
              String address = e.getKey();
              XmlPath path = e.getValue();
              if (fields.containsKey(address)
                  || open.containsKey(address)
                  || !path.matches(names, attributes)) {
                continue;
              }
              if (path.attribute().isPresent()) {
                String value = attrs.get(path.attribute().get());
                if (value != null) {
                  fields.put(address, value);
                }
              } else {
                open.put(address, new StringBuilder());
                openDepth.put(address, names.size());
              }
            }
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            String text = reader.getText();
            open.values().forEach(b -> b.append(text));
          }
          case XMLStreamConstants.END_ELEMENT -> {
            int depth = names.size();
            open.entrySet()
                .removeIf(
                    e -> {
                      if (openDepth.get(e.getKey()) != depth) {
                        return false;
                      }
                      fields.put(e.getKey(), e.getValue().toString().strip());
                      return true;
                    });
            names.removeLast();
            attributes.removeLast();
          }
          default -> {}
        }
      }
    } catch (XMLStreamException e) {
      throw new BadFileException("not well-formed XML: " + oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      // The JDK parser reports some malformed input (bad encodings) unchecked.
      throw new BadFileException("not readable XML: " + oneLine(String.valueOf(e.getMessage())));
    } finally {
      close(reader);
    }
    if (!sawRoot) {
      throw new BadFileException("the file holds no XML element");
    }
    return List.of(new ResultRecord("the document", fields));
  }

  /**
   * The document as text, decoded here rather than by the parser: the JDK parser prints malformed
   * bytes to standard error besides throwing, once per bad file. The encoding is the one the XML
   * declaration names, else UTF-16 by its byte order mark, else UTF-8.
   */
  private static String decode(byte[] content) throws BadFileException {
    Charset charset = StandardCharsets.UTF_8;
    if (content.length >= 2
        && ((content[0] == (byte) 0xFE && content[1] == (byte) 0xFF)
            || (content[0] == (byte) 0xFF && content[1] == (byte) 0xFE))) {
      charset = StandardCharsets.UTF_16;
    } else {
      String head =
          new String(content, 0, Math.min(content.length, 200), StandardCharsets.ISO_8859_1);
      Matcher declared = DECLARED_ENCODING.matcher(head);
      if (declared.lookingAt()) {
        try {
          charset = Charset.forName(declared.group(1));
        } catch (IllegalArgumentException e) {
          throw new BadFileException(
              "the XML declaration names an unknown encoding \"" + declared.group(1) + "\"");
        }
      }
    }
    try {
      String text =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new BadFileException("the file is not valid " + charset.name() + " text");
    }
  }

  private static void close(XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException e) {
        // Reading is over either way; the parse outcome stands.
      }
    }
  }

  private static String oneLine(String message) {
    String s = message.replaceAll("\\s+", " ").strip();
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
