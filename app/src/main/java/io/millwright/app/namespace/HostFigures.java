package io.millwright.app.namespace;

import io.millwright.uns.sparkplug.host.HostStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Sparkplug host session's counters as /q/metrics figures: what bad input it met and what it did
 * about it.
 */
final class HostFigures {

  private HostFigures() {}

  static Map<String, Double> of(HostStats s) {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("sparkplug_messages_total", (double) s.messages());
    out.put("sparkplug_samples_total", (double) s.samples());
    out.put("sparkplug_decode_errors_total", (double) s.decodeErrors());
    out.put("sparkplug_oversize_payloads_total", (double) s.oversizePayloads());
    out.put("sparkplug_invalid_topics_total", (double) s.invalidTopics());
    out.put("sparkplug_sequence_gaps_total", (double) s.sequenceGaps());
    out.put("sparkplug_unknown_aliases_total", (double) s.unknownAliases());
    out.put("sparkplug_data_before_birth_total", (double) s.dataBeforeBirth());
    out.put("sparkplug_rebirth_requests_total", (double) s.rebirthRequests());
    out.put("sparkplug_rebirth_requests_suppressed_total", (double) s.rebirthRequestsSuppressed());
    out.put("sparkplug_deaths_total", (double) s.deaths());
    return out;
  }
}
