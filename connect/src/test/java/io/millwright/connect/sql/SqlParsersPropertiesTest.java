package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.core.machine.DefinitionException;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Fuzzes what a plant engineer's typing reaches (RELIABILITY.md T6): any input is either accepted
 * or refused with a {@link DefinitionException} naming the field; nothing else escapes, and nothing
 * accepted can break out of its quotes.
 */
class SqlParsersPropertiesTest {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_]{1,63}");

  @Property(tries = 5000)
  void anyTextIsAPlainNameOrARefusalOnItsField(@ForAll @StringLength(max = 80) String text) {
    try {
      SqlIdentifier id = SqlIdentifier.parse("tags[0].address", text);
      assertThat(id.name()).matches(SAFE);
      assertThat(id.quoted("\"")).isEqualTo("\"" + id.name() + "\"");
    } catch (DefinitionException e) {
      assertThat(e.field()).isEqualTo("tags[0].address");
    }
  }

  /** Hostile near-misses: quotes, comments, statement separators, dots, unicode look-alikes. */
  @Property(tries = 5000)
  void hostileTableNamesNeverReachSqlUnquoted(@ForAll("hostileNames") String text) {
    try {
      TableName t = TableName.parse("options.table", text);
      String quoted = t.quoted("`");
      assertThat(quoted).doesNotContain(";", "--", "'", "\"", " ", "/*");
      assertThat(quoted.replace("`", "").replace(".", "")).matches("[A-Za-z0-9_]+");
    } catch (DefinitionException e) {
      assertThat(e.field()).isEqualTo("options.table");
    }
  }

  @Property(tries = 3000)
  void anyOptionsAreOptionsOrARefusalOnAnOption(@ForAll("optionMaps") Map<String, String> options) {
    try {
      SqlOptions o = SqlOptions.parse(options, name -> null);
      assertThat(o.batchSize()).isBetween(1, SqlOptions.MAX_BATCH_SIZE);
      assertThat(o.timeout()).isBetween(SqlOptions.MIN_TIMEOUT, SqlOptions.MAX_TIMEOUT);
      assertThat(o.writeTimeout()).isBetween(SqlOptions.MIN_TIMEOUT, SqlOptions.MAX_TIMEOUT);
    } catch (DefinitionException e) {
      assertThat(e.field()).startsWith("options.");
      String key = e.field().substring("options.".length());
      // A missing required option names it although the map has no such key.
      assertThat(options.containsKey(key) || key.equals("table") || key.equals("watermark"))
          .isTrue();
    }
  }

  @Provide
  Arbitrary<String> hostileNames() {
    return Arbitraries.strings()
        .withChars("abcXYZ_019.;'\"`-/* \t\u0000\u00e9\u0430")
        .ofMinLength(0)
        .ofMaxLength(30);
  }

  @Provide
  Arbitrary<Map<String, String>> optionMaps() {
    Arbitrary<String> keys =
        Arbitraries.oneOf(
            Arbitraries.of(SqlOptions.NAMES),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.of(
                "results",
                "id",
                "edge.results",
                "0",
                "1",
                "100000",
                "100001",
                "-5",
                "1s",
                "10m",
                "11m",
                "500ms",
                "UTC",
                "Europe/Berlin",
                "beginning",
                "latest",
                "",
                " ",
                "a.b.c"),
            Arbitraries.strings().ofMaxLength(20));
    return Arbitraries.maps(keys, values).ofMaxSize(8);
  }
}
