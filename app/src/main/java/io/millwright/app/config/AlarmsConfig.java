package io.millwright.app.config;

import io.millwright.alarms.notify.Channel;
import io.millwright.alarms.notify.EmailChannel;
import io.millwright.alarms.notify.EmailConfig;
import io.millwright.alarms.notify.WebhookChannel;
import io.millwright.alarms.notify.WebhookConfig;
import io.millwright.core.alarm.AlarmPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code alarms} section: the site's alarm patterns, who answers each area's alarms, how long
 * the journal keeps transitions, and where notifications go.
 *
 * @param definitions alarm definitions by machine and tag pattern (machines' own come on top)
 * @param sources where each pattern was written ({@code file:line}), for errors found later
 * @param operators operators per area for the alarm-rate KPIs; an area not named has one
 * @param webhooks webhook channels
 * @param email the e-mail digest channel, when configured
 */
public record AlarmsConfig(
    List<AlarmPattern> definitions,
    List<String> sources,
    Map<String, Integer> operators,
    Duration retention,
    List<WebhookConfig> webhooks,
    Optional<EmailConfig> email) {

  public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

  public static final AlarmsConfig NONE =
      new AlarmsConfig(
          List.of(), List.of(), Map.of(), DEFAULT_RETENTION, List.of(), Optional.empty());

  public AlarmsConfig {
    definitions = List.copyOf(definitions);
    sources = List.copyOf(sources);
    operators = Map.copyOf(operators);
    webhooks = List.copyOf(webhooks);
  }

  /**
   * The notification channels, besides the namespace's events topic which is always on.
   *
   * @param site the site's name, shown in mail subjects
   */
  public List<Channel> channels(String site) {
    List<Channel> out = new ArrayList<>();
    webhooks.forEach(w -> out.add(new WebhookChannel(w)));
    email.ifPresent(e -> out.add(new EmailChannel(e.withSite(site))));
    return out;
  }
}
