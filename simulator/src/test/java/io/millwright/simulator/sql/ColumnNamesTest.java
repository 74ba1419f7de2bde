package io.millwright.simulator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnNamesTest {

  @Test
  void tagPathsBecomePlainLowerCaseColumns() {
    assertThat(ColumnNames.of(List.of("spindle/speed", "Job/Order-No", "1st/pass"), Set.of()))
        .containsExactly(
            java.util.Map.entry("spindle/speed", "spindle_speed"),
            java.util.Map.entry("Job/Order-No", "job_order_no"),
            java.util.Map.entry("1st/pass", "t_1st_pass"));
  }

  @Test
  void collisionsAreNumberedInTagOrderAndAvoidTheTablesOwnColumns() {
    assertThat(
            ColumnNames.of(
                    List.of("spindle/speed", "spindle_speed", "spindle-speed", "id"), Set.of("id"))
                .values())
        .containsExactly("spindle_speed", "spindle_speed_2", "spindle_speed_3", "id_2");
  }

  @Test
  void longNamesAreCutToPostgresLimitAndStayUnique() {
    String longName = "a/".repeat(40);
    List<String> columns =
        List.copyOf(ColumnNames.of(List.of(longName, longName + "x"), Set.of()).values());
    assertThat(columns).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(63));
    assertThat(columns.get(1)).endsWith("_2");
  }
}
