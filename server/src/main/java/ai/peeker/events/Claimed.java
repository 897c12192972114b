package ai.peeker.events;

import ai.peeker.partners.Scope;
import java.time.Instant;

/**
 * A delivery a node has taken for one attempt: until its lease runs out no other node may send it.
 * {@code payload} is the body exactly as the outbox stored it, so every attempt sends the same
 * bytes.
 */
record Claimed(
    String eventId,
    String endpointId,
    Scope scope,
    int attempt,
    String claimToken,
    Instant createdAt,
    String payload) {}
