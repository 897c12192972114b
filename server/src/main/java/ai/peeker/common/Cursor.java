package ai.peeker.common;

import java.time.Instant;

/** A keyset position in a newest-first list: the last row seen. */
public record Cursor(Instant createdAt, String id) {}
