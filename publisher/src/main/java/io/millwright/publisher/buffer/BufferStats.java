package io.millwright.publisher.buffer;

/**
 * What the outbound buffer holds now, for metrics, the site's status and the UI.
 *
 * @param batches sealed batches not yet acknowledged by the cloud
 * @param readings the readings in them
 * @param payloadBytes their payload bytes, what the budget counts
 * @param oldestSealedAt when the oldest of them was sealed, epoch ms; 0 when there is none
 * @param budgetBytes the budget
 * @param fill {@code payloadBytes / budgetBytes}, 0..1
 * @param warning {@code fill >= warnAt}: the buffer is nearly full and will soon drop its oldest
 *     batches
 * @param batchesDropped batches dropped so far because the buffer was full, over the buffer's whole
 *     life (kept across restarts)
 * @param readingsDropped the readings in them
 * @param fileBytes the size of the database file on disk: the payloads plus the database's own
 *     overhead
 */
public record BufferStats(
    long batches,
    long readings,
    long payloadBytes,
    long oldestSealedAt,
    long budgetBytes,
    double fill,
    boolean warning,
    long batchesDropped,
    long readingsDropped,
    long fileBytes) {}
