/**
 * The publisher's durable outbound buffer: sealed batches kept on the edge's disk until the cloud
 * acknowledges them, with the overflow policy for a long outage ({@link
 * io.millwright.publisher.buffer.OutboundBuffer}).
 *
 * <p>Why an embedded H2 database and not a file format of our own: H2 already keeps the project's
 * other journals (jobs, alarms), so it is a known dependency with known behaviour; it is
 * transactional, so a batch and the counters that go with it (the last number given out, the drop
 * counts) are committed together or not at all, and a failed write (a full disk) leaves nothing
 * half-written; and with {@code WRITE_DELAY=0} every commit is written to the file before {@code
 * seal} returns, so a sealed batch survives {@code kill -9}, which the tests check with a child JVM
 * killed mid-stream. A hand-rolled append log would need its own framing, checksums, recovery and
 * compaction, each a place to lose data.
 */
package io.millwright.publisher.buffer;
