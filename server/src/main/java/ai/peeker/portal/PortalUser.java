package ai.peeker.portal;

import java.time.Instant;

/** A person of a partner who signs in to the portal. */
public record PortalUser(
    String id, String partnerId, String email, boolean passwordSet, Instant createdAt) {}
