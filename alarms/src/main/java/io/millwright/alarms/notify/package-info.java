/**
 * Alarm notifications: the journal's entries delivered to webhooks and e-mail digests, each channel
 * from its own durable cursor (see {@link io.millwright.alarms.notify.Notifier}), and the one JSON
 * shape of an alarm event ({@link io.millwright.alarms.notify.EventJson}).
 */
package io.millwright.alarms.notify;
