package io.millwright.uns.sparkplug.host;

/**
 * A host application session's counters since start.
 *
 * @param messages Sparkplug messages received
 * @param samples samples handed to the listener
 * @param decodeErrors payloads that are not Sparkplug B protobuf (or STATE JSON)
 * @param oversizePayloads payloads refused for their size before decoding
 * @param invalidTopics topics that are not Sparkplug topics
 * @param sequenceGaps messages whose {@code seq} was not the next expected one
 * @param unknownAliases metrics whose alias (or name) no birth declared
 * @param dataBeforeBirth DATA or DEATH messages of a node or device not born
 * @param rebirthRequests NCMD Node Control/Rebirth sent
 * @param rebirthRequestsSuppressed rebirth requests not sent because one went to that node within
 *     the rebirth interval (RELIABILITY T7)
 * @param deaths node and device deaths applied
 * @param listenerErrors exceptions thrown by the listener
 */
public record HostStats(
    long messages,
    long samples,
    long decodeErrors,
    long oversizePayloads,
    long invalidTopics,
    long sequenceGaps,
    long unknownAliases,
    long dataBeforeBirth,
    long rebirthRequests,
    long rebirthRequestsSuppressed,
    long deaths,
    long listenerErrors) {}
