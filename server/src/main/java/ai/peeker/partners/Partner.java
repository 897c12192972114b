package ai.peeker.partners;

import java.time.Instant;

public record Partner(String id, String name, Instant createdAt) {}
