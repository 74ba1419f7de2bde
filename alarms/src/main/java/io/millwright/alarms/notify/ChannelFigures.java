package io.millwright.alarms.notify;

import java.time.Duration;

/**
 * One channel's figures for metrics, read at one moment.
 *
 * @param cursor the last journal entry the channel is done with (delivered, skipped or filtered);
 *     figures that count entries are updated before it moves
 * @param delivered entries the receiver took
 * @param failures delivery attempts that failed, retried or refused
 * @param skipped entries passed over because the receiver refused them for good
 * @param filtered entries passed over because the channel's filter did not take them
 * @param backlog journal entries after the channel's cursor
 * @param lastSuccessMillis when the receiver last took entries; 0 before it ever did
 * @param backoff the wait before the next attempt; zero when the channel is not failing
 */
public record ChannelFigures(
    String channel,
    long cursor,
    long delivered,
    long failures,
    long skipped,
    long filtered,
    long backlog,
    long lastSuccessMillis,
    Duration backoff) {}
