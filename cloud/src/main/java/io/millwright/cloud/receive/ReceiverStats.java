package io.millwright.cloud.receive;

/**
 * The receiver's counters since it started, for metrics.
 *
 * @param batchesStored batches stored
 * @param duplicates batches received again and dropped
 * @param refusedUnregistered batches and statuses from a site that is not registered
 * @param refusedWrongSite batches and statuses naming another site than the one that sent them
 * @param refusedMalformed batches whose contents could not be read
 * @param readingsStored readings in the batches stored
 * @param eventsStored events in the batches stored
 * @param storeFailures batches the store or the journal could not take (the site sends them again)
 */
public record ReceiverStats(
    long batchesStored,
    long duplicates,
    long refusedUnregistered,
    long refusedWrongSite,
    long refusedMalformed,
    long readingsStored,
    long eventsStored,
    long storeFailures) {}
