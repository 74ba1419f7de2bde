package io.millwright.uns.sparkplug.edge;

/**
 * An edge node session's counters since start.
 *
 * @param messagesSent Sparkplug messages published (births, data, deaths)
 * @param samplesSent live samples published
 * @param historicalSent buffered samples published as historical
 * @param suppressed samples not sent because report-by-exception found no change
 * @param buffered samples put into the store-and-forward buffer
 * @param bufferedNow samples in the buffer now
 * @param droppedByBound samples dropped because the buffer was full (oldest first)
 * @param rebirths births sent on a host's Node Control/Rebirth request
 * @param commands writes handed to a device's command listener
 * @param commandsRejected commands for unknown or read-only tags, or with unusable values
 * @param decodeErrors command payloads that could not be decoded
 * @param resent samples published in the last seconds before the primary host went offline or the
 *     connection was lost, put back into the buffer because the host may not have received them
 */
public record EdgeNodeStats(
    long messagesSent,
    long samplesSent,
    long historicalSent,
    long suppressed,
    long buffered,
    long bufferedNow,
    long droppedByBound,
    long rebirths,
    long commands,
    long commandsRejected,
    long decodeErrors,
    long resent) {}
