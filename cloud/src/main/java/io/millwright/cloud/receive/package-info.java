/**
 * The cloud's intake: {@link io.millwright.cloud.receive.CloudReceiver}, the {@code BatchSink}
 * every transport hands the sites' batches and statuses to, storing each batch once, and {@link
 * io.millwright.cloud.receive.ReceiptJournal}, which remembers what was received.
 */
package io.millwright.cloud.receive;
