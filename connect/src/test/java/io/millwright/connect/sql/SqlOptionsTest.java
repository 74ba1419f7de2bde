package io.millwright.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DefinitionException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlOptionsTest {

  private static Map<String, String> with(String... keyValues) {
    Map<String, String> m = new HashMap<>(Map.of("table", "results", "watermark", "id"));
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @Test
  void tableAndWatermarkAloneGiveTheDefaults() {
    SqlOptions o = parse(with());
    assertThat(o.table()).hasToString("results");
    assertThat(o.watermark()).hasToString("id");
    assertThat(o.timestamp()).isEmpty();
    assertThat(o.batchSize()).isEqualTo(1000);
    assertThat(o.user()).isEmpty();
    assertThat(o.password()).isEmpty();
    assertThat(o.commandTable()).isEmpty();
    assertThat(o.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.timeZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(o.start()).isEqualTo(SqlOptions.Start.BEGINNING);
  }

  @Test
  void everyOptionIsTaken() {
    SqlOptions o =
        parse(
            with(
                "table", "edge.cycle_results",
                "timestamp", "finished_at",
                "batchSize", "250",
                "user", "millwright",
                "password", " secret with spaces ",
                "commandTable", "edge.commands",
                "writeTimeout", "30s",
                "timeout", "5s",
                "timeZone", "Europe/Berlin",
                "start", "latest"));
    assertThat(o.table().schema()).contains(new SqlIdentifier("edge"));
    assertThat(o.table().table()).isEqualTo(new SqlIdentifier("cycle_results"));
    assertThat(o.timestamp()).contains(new SqlIdentifier("finished_at"));
    assertThat(o.batchSize()).isEqualTo(250);
    assertThat(o.user()).contains("millwright");
    assertThat(o.password()).contains(" secret with spaces ");
    assertThat(o.commandTable()).map(TableName::toString).contains("edge.commands");
    assertThat(o.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(o.timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(o.start()).isEqualTo(SqlOptions.Start.LATEST);
  }

  @Test
  void tableAndWatermarkAreRequired() {
    assertThatThrownBy(() -> parse(Map.of("watermark", "id")))
        .isInstanceOfSatisfying(
            DefinitionException.class, e -> assertThat(e.field()).isEqualTo("options.table"));
    assertThatThrownBy(() -> parse(Map.of("table", "results")))
        .isInstanceOfSatisfying(
            DefinitionException.class, e -> assertThat(e.field()).isEqualTo("options.watermark"));
  }

  @Test
  void wrongValuesNameTheirOption() {
    assertField(with("batchSize", "0"), "options.batchSize", "from 1 to 100000");
    assertField(with("batchSize", "many"), "options.batchSize", "whole number");
    assertField(with("timeout", "5"), "options.timeout", "");
    assertField(with("writeTimeout", "1h"), "options.writeTimeout", "between");
    assertField(with("timeZone", "Mars/Olympus"), "options.timeZone", "not a time zone");
    assertField(with("start", "middle"), "options.start", "beginning or latest");
    assertField(with("user", " "), "options.user", "empty");
    assertField(with("watermark", "id; DROP TABLE results"), "options.watermark", "plain SQL");
    assertField(with("table", "a.b.c"), "options.table", "plain SQL");
    assertField(with("table", "\"results\""), "options.table", "plain SQL");
    assertField(with("pollEvery", "1s"), "options.pollEvery", "not an SQL option");
  }

  @Test
  void tableNamesQuoteEachPart() {
    TableName t = TableName.parse("options.table", " edge.results ");
    assertThat(t.quoted("\"")).isEqualTo("\"edge\".\"results\"");
    assertThat(t.quoted("`")).isEqualTo("`edge`.`results`");
    assertThat(TableName.parse("options.table", "results").schema()).isEqualTo(Optional.empty());
  }

  @Test
  void identifiersLongerThanPostgresAllowsAreRefused() {
    assertThat(SqlIdentifier.parse("f", "a".repeat(63)).name()).hasSize(63);
    assertThatThrownBy(() -> SqlIdentifier.parse("f", "a".repeat(64)))
        .hasMessageContaining("the limit is 63");
    assertThatThrownBy(() -> SqlIdentifier.parse("f", "9lives")).hasMessageContaining("plain SQL");
    assertThatThrownBy(() -> SqlIdentifier.parse("f", "")).hasMessageContaining("missing");
  }

  private static void assertField(Map<String, String> options, String field, String text) {
    assertThatThrownBy(() -> parse(options))
        .isInstanceOfSatisfying(
            DefinitionException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.problem()).contains(text);
            });
  }

  @Test
  void aPasswordComesInlineOrFromTheEnvironmentVariableNamed() {
    assertThat(parse(with("passwordEnv", "SQL_PASSWORD")).password()).contains("from the env");
    assertField(
        with("passwordEnv", "SQL_PASSWORD", "password", "inline"),
        "options.passwordEnv",
        "both set");
    assertField(with("passwordEnv", "NOT_SET"), "options.passwordEnv", "NOT_SET, which is not set");
    assertField(with("passwordEnv", " "), "options.passwordEnv", "is empty");
    // The JDBC URL may carry the user: a password alone is fine.
    assertThat(parse(with("password", "p")).password()).contains("p");
  }

  private static SqlOptions parse(Map<String, String> options) {
    return SqlOptions.parse(options, name -> name.equals("SQL_PASSWORD") ? "from the env" : null);
  }
}
