package io.millwright.historian.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  private static final String VIBRATION = "acme/plant-1/pressing/line-1/press-01/vibration/rms";
  private static final String PRESSURE =
      "acme/plant-1/pressing/line-1/press-01/hydraulics/pressure";

  @Test
  void agesAreWholeHoursDaysWeeksOrYears() {
    assertThat(Age.parse("36h").millis()).isEqualTo(36 * 3_600_000L);
    assertThat(Age.parse(" 90d ").millis()).isEqualTo(90 * Age.DAY);
    assertThat(Age.parse("12w").millis()).isEqualTo(84 * Age.DAY);
    assertThat(Age.parse("2y").millis()).isEqualTo(730 * Age.DAY);
    assertThat(Age.parse("forever").isForever()).isTrue();
    assertThat(Age.parse("2y")).hasToString("2y");
    assertThat(Age.parse("2w")).hasToString("14d");
  }

  @Test
  void anAgeWithoutAKnownUnitIsRefusedSayingWhatToWrite() {
    for (String bad : List.of("6m", "3mo", "90", "d", "1.5d", "-1d", "0d", "ever", "")) {
      assertThatThrownBy(() -> Age.parse(bad), bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("age");
    }
    assertThatThrownBy(() -> Age.parse("6m")).hasMessageContaining("h, d, w or y");
    assertThatThrownBy(() -> Age.parse("99999999999999y")).hasMessageContaining("too long");
  }

  @Test
  void theMostSpecificRuleWinsWhateverTheOrder() {
    RawRetention a = RawRetention.parse("#=90d, acme/+/+/+/+/vibration/#=7d");
    RawRetention b = RawRetention.parse("acme/+/+/+/+/vibration/#=7d,#=90d");

    for (RawRetention policy : List.of(a, b)) {
      assertThat(policy.ruleFor(VIBRATION).age()).isEqualTo(Age.parse("7d"));
      assertThat(policy.ruleFor(PRESSURE).age()).isEqualTo(Age.parse("90d"));
    }
  }

  @Test
  void nestedRulesPickTheNarrowest() {
    RawRetention policy =
        RawRetention.parse(
            "acme/#=30d, acme/plant-1/pressing/#=60d,"
                + " acme/plant-1/pressing/line-1/press-01/hydraulics/pressure=1y");

    assertThat(policy.ruleFor(PRESSURE).age()).isEqualTo(Age.parse("1y"));
    assertThat(policy.ruleFor(VIBRATION).age()).isEqualTo(Age.parse("60d"));
    assertThat(policy.ruleFor("acme/plant-2/x/y/z/t").age()).isEqualTo(Age.parse("30d"));
    assertThat(policy.ruleFor("other/plant/x").age()).isEqualTo(RawRetention.DEFAULT_AGE);
  }

  @Test
  void withoutACatchAllRuleOtherTagsKeepTheDefault() {
    RawRetention policy = RawRetention.parse("acme/+/+/+/+/vibration/#=7d");

    assertThat(policy.ruleFor(PRESSURE)).isEqualTo(new RetentionRule("#", Age.parse("90d")));
    assertThat(policy.rules()).hasSize(2);
  }

  @Test
  void rulesThatOverlapInPartAreRefusedNamingBoth() {
    assertThatThrownBy(() -> RawRetention.parse("acme/+/pressing/#=7d, acme/plant-1/#=30d"))
        .hasMessageContaining("acme/+/pressing/#=7d")
        .hasMessageContaining("acme/plant-1/#=30d")
        .hasMessageContaining("overlap in part")
        .hasMessageContaining("add a rule acme/plant-1/pressing/#=<age>");
  }

  @Test
  void rulesOverlappingInPartAreFineWithARuleForTheTagsBothMatch() {
    RawRetention policy =
        RawRetention.parse(
            "acme/+/+/+/+/vibration/#=7d, acme/plant-1/pressing/#=180d,"
                + " acme/plant-1/pressing/+/+/vibration/#=14d, #=90d");

    assertThat(policy.ruleFor(VIBRATION).age()).isEqualTo(Age.parse("14d"));
    assertThat(policy.ruleFor(PRESSURE).age()).isEqualTo(Age.parse("180d"));
    assertThat(policy.ruleFor("acme/plant-1/painting/line-2/oven-01/vibration/rms").age())
        .isEqualTo(Age.parse("7d"));
  }

  @Test
  void theSameTagsTwiceAreRefused() {
    assertThatThrownBy(() -> RawRetention.parse("acme/#=7d, acme/#=30d"))
        .hasMessageContaining("same tags");
    assertThatThrownBy(() -> RawRetention.parse("#=7d, #=7d")).hasMessageContaining("same tags");
  }

  @Test
  void malformedRulesAreRefusedNamingTheRule() {
    assertThatThrownBy(() -> RawRetention.parse("acme/#")).hasMessageContaining("pattern=age");
    assertThatThrownBy(() -> RawRetention.parse("=7d")).hasMessageContaining("pattern=age");
    assertThatThrownBy(() -> RawRetention.parse("acme/#/x=7d"))
        .hasMessageContaining("acme/#/x=7d")
        .hasMessageContaining("'#' must be the last level");
    assertThatThrownBy(() -> RawRetention.parse("acme/pre+=7d"))
        .hasMessageContaining("wildcard must be a whole level");
    assertThatThrownBy(() -> RawRetention.parse(" , ")).hasMessageContaining("has no rule");
    assertThatThrownBy(() -> RawRetention.parse("acme/#=7x")).hasMessageContaining("\"7x\"");
  }

  @Test
  void rawSamplesAreKeptAtLeastADay() {
    assertThatThrownBy(() -> RawRetention.parse("acme/#=12h, #=90d"))
        .hasMessageContaining("acme/#=12h")
        .hasMessageContaining("less than 1d");
    assertThat(RawRetention.parse("acme/#=24h").ruleFor("acme/x").age()).isEqualTo(Age.parse("1d"));
  }

  @Test
  void rollupsAreOneBucketWidthAndAnAge() {
    assertThat(RollupLevel.parse("1m=2y")).contains(new RollupLevel(60_000, Age.parse("2y")));
    assertThat(RollupLevel.parse(" 15m = 5y ")).contains(new RollupLevel(900_000, Age.parse("5y")));
    assertThat(RollupLevel.parse("none")).isEmpty();
    assertThat(RollupLevel.DEFAULT).hasToString("1m=2y");
  }

  @Test
  void aRollupBucketMustDivideADayInWholeSeconds() {
    assertThatThrownBy(() -> RollupLevel.parse("7m=2y")).hasMessageContaining("divide a day");
    assertThatThrownBy(() -> RollupLevel.parse("500ms=2y")).hasMessageContaining("divide a day");
    assertThatThrownBy(() -> RollupLevel.parse("2d=2y")).hasMessageContaining("divide a day");
    assertThatThrownBy(() -> RollupLevel.parse("1m")).hasMessageContaining("bucket=age");
    assertThatThrownBy(() -> RollupLevel.parse("1m=2y, 1h=10y")).hasMessageContaining("bucket=age");
    assertThatThrownBy(() -> RollupLevel.parse("1q=2y")).hasMessageContaining("not understood");
  }

  @Test
  void rawSamplesKeptLongerThanTheRollupsAreRefused() {
    RawRetention raw = RawRetention.parse("acme/#=3y, #=90d");

    assertThatThrownBy(() -> new RetentionPolicy(raw, RollupLevel.parse("1m=2y")))
        .hasMessageContaining("acme/#=3y")
        .hasMessageContaining("longer than the rollups");
    assertThat(new RetentionPolicy(raw, Optional.empty()).rollup()).isEmpty();
    assertThat(new RetentionPolicy(raw, RollupLevel.parse("1h=3y")).raw()).isSameAs(raw);
    assertThatThrownBy(
            () -> new RetentionPolicy(RawRetention.parse("#=forever"), RollupLevel.parse("1m=10y")))
        .hasMessageContaining("longer than the rollups");
  }

  @Test
  void theDefaultKeepsRawSamplesThreeMonthsAndMinuteRollupsTwoYears() {
    assertThat(RetentionPolicy.DEFAULT.raw().ruleFor(PRESSURE).age()).isEqualTo(Age.parse("90d"));
    assertThat(RetentionPolicy.DEFAULT.rollup()).contains(RollupLevel.parse("1m=2y").orElseThrow());
  }
}
