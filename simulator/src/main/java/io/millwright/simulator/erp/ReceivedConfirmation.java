package io.millwright.simulator.erp;

import java.time.Instant;
import java.util.Optional;

/** A confirmation as the site sent it, and when the simulated ERP took it. */
record ReceivedConfirmation(
    String id,
    String orderNumber,
    String operation,
    String status,
    Optional<String> machine,
    long good,
    long scrap,
    Instant at,
    Optional<String> reason,
    Instant receivedAt) {}
