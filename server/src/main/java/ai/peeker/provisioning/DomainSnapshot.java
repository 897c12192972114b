package ai.peeker.provisioning;

import ai.peeker.domains.DomainCategory;
import ai.peeker.domains.DomainStatus;
import ai.peeker.domains.MailProviderKind;
import java.time.Instant;
import java.util.List;

/** A domain as {@code GET /domains/{id}} shows it: the data of {@code domain.*} events. */
public record DomainSnapshot(
    String id,
    String domain,
    DomainCategory category,
    DomainStatus status,
    MailProviderKind provider,
    String userId,
    String orderId,
    List<MailProviderKind> usableFor,
    String forwardingUrl,
    Instant createdAt) {}
