package ai.peeker.provisioning;

import java.time.Instant;
import java.util.List;

/** A domain as {@code GET /domains/{id}} shows it: the data of {@code domain.*} events. */
public record DomainSnapshot(
    String id,
    String domain,
    String category,
    String status,
    String provider,
    String userId,
    String orderId,
    List<String> usableFor,
    String forwardingUrl,
    Instant createdAt) {}
