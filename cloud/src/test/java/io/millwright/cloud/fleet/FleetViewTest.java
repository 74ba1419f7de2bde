package io.millwright.cloud.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.publisher.transport.SiteStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FleetViewTest {

  private static final Instant NOW = Instant.parse("2026-01-01T08:00:00Z");

  private final SiteRegistry registry =
      new SiteRegistry(
          List.of(
              new RegisteredSite("plant-2", "Plant 2, Lyon", Optional.empty()),
              new RegisteredSite("plant-1", "Plant 1, Brescia", Optional.empty())));
  private final FleetView fleet =
      new FleetView(registry, List.of(), Clock.fixed(NOW, ZoneOffset.UTC));

  private static SiteStatus status(String site, long sentAt, int alarms) {
    return new SiteStatus(
        site, "0.1.0", sentAt, 0, 0, 0, 0, 1 << 20, 0, 3, 4, OptionalDouble.empty(), alarms);
  }

  @Test
  void everyRegisteredSiteHasARowInRegistryOrderAlsoWhenNeverHeardFrom() {
    assertThat(fleet.sites())
        .containsExactly(
            new FleetSite(
                "plant-2",
                "Plant 2, Lyon",
                Optional.empty(),
                false,
                Optional.empty(),
                0,
                0,
                0,
                0,
                Optional.empty()),
            new FleetSite(
                "plant-1",
                "Plant 1, Brescia",
                Optional.empty(),
                false,
                Optional.empty(),
                0,
                0,
                0,
                0,
                Optional.empty()));
    assertThat(fleet.site("plant-9")).isEmpty();
  }

  @Test
  void aSiteIsOnlineWhileHeardFromWithinThirtySeconds() {
    fleet.duplicate("plant-1", NOW.minusSeconds(30));
    fleet.refused("plant-2", NOW.minusSeconds(31));

    assertThat(fleet.site("plant-1").orElseThrow().online()).isTrue();
    assertThat(fleet.site("plant-2").orElseThrow().online()).isFalse();
  }

  @Test
  void theStatusSentLastByTheSitesClockWinsAndContactIsTheCloudsTime() {
    assertThat(fleet.status("plant-1", status("plant-1", 5000, 1), NOW.minusSeconds(3))).isTrue();
    assertThat(fleet.status("plant-1", status("plant-1", 4000, 2), NOW.minusSeconds(2))).isFalse();
    // The same status again (a resend) changes nothing either.
    assertThat(fleet.status("plant-1", status("plant-1", 5000, 3), NOW.minusSeconds(1))).isFalse();

    FleetSite row = fleet.site("plant-1").orElseThrow();
    assertThat(row.status()).contains(status("plant-1", 5000, 1));
    assertThat(row.lastContact()).contains(NOW.minusSeconds(1));

    assertThat(fleet.status("plant-1", status("plant-1", 6000, 4), NOW)).isTrue();
    assertThat(fleet.site("plant-1").orElseThrow().status()).contains(status("plant-1", 6000, 4));
  }

  @Test
  void aSiteWhoseClockWasSetBackAnHourStillShowsItsNewestStatus() {
    long beforeTheJump = 1_790_000_000_000L;
    assertThat(fleet.status("plant-1", status("plant-1", beforeTheJump, 1), NOW.minusSeconds(5)))
        .isTrue();
    long afterTheJump = beforeTheJump - 3_600_000L + 5_000;
    assertThat(fleet.status("plant-1", status("plant-1", afterTheJump, 2), NOW)).isTrue();
    assertThat(fleet.site("plant-1").orElseThrow().status())
        .contains(status("plant-1", afterTheJump, 2));
  }

  @Test
  void batchesAddUpAndTimesNeverMoveBack() {
    fleet.batchStored("plant-1", NOW, 10, Optional.of(NOW.minusSeconds(60)));
    // A slower thread reporting an earlier batch afterwards.
    fleet.batchStored("plant-1", NOW.minusSeconds(5), 4, Optional.of(NOW.minusSeconds(600)));
    fleet.batchStored("plant-1", NOW.minusSeconds(4), 0, Optional.empty());

    FleetSite row = fleet.site("plant-1").orElseThrow();
    assertThat(row.batchesReceived()).isEqualTo(3);
    assertThat(row.readingsReceived()).isEqualTo(14);
    assertThat(row.lastContact()).contains(NOW);
    assertThat(row.newestReading()).contains(NOW.minusSeconds(60));
  }

  @Test
  void startsFromWhatWasRememberedOfRegisteredSitesOnly() {
    SiteHistory plant1 =
        new SiteHistory(
            "plant-1",
            Optional.of(NOW.minusSeconds(3600)),
            Optional.of(status("plant-1", 1000, 0)),
            7,
            70,
            2,
            1,
            Optional.of(NOW.minusSeconds(3700)));
    SiteHistory gone = SiteHistory.none("plant-0").withDuplicate(NOW);

    FleetView restarted =
        new FleetView(registry, List.of(plant1, gone), Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(restarted.site("plant-1"))
        .contains(
            new FleetSite(
                "plant-1",
                "Plant 1, Brescia",
                Optional.of(NOW.minusSeconds(3600)),
                false,
                Optional.of(status("plant-1", 1000, 0)),
                7,
                70,
                2,
                1,
                Optional.of(NOW.minusSeconds(3700))));
    assertThat(restarted.sites()).extracting(FleetSite::id).containsExactly("plant-2", "plant-1");
  }

  @Test
  void anUpdateForASiteNotRegisteredIsRejected() {
    assertThatThrownBy(() -> fleet.duplicate("plant-9", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("site plant-9 is not registered");
  }
}
