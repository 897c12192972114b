package ai.peeker.users;

import ai.peeker.api.ApiError;
import ai.peeker.api.FieldError;
import ai.peeker.partners.Partners;
import ai.peeker.partners.Scope;
import com.fasterxml.jackson.databind.JsonNode;
import org.jdbi.v3.core.Handle;

/**
 * A sequencer {@code client_id} as users and orders send it: an integer, or {@code null} / {@code
 * ""} for the partner's default client, which the operator configures ({@code ./peeker partner set
 * --default-sequencer-client N}). The default is resolved when the user or order is written, so
 * each shows the client its inboxes go to.
 */
public final class SequencerClients {
  /** Stands for "the partner's default" until it is resolved; real client ids start at 1. */
  public static final long DEFAULT = 0;

  private final Partners partners;

  public SequencerClients(Partners partners) {
    this.partners = partners;
  }

  /** The sent value: a client id, or {@link #DEFAULT}; anything else names {@code field}. */
  public static long parse(JsonNode node, String field) {
    if (node == null) {
      throw new FieldError(field, "is required (null or \"\" uses the partner's default client)");
    }
    if (node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
      return DEFAULT;
    }
    if (node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 1) {
      return node.asLong();
    }
    throw new FieldError(
        field, "must be a positive integer, or null or \"\" for the partner's default client");
  }

  /** {@code clientId}, or the partner's default for {@link #DEFAULT}; none configured is a 400. */
  public long resolve(Handle h, Scope scope, long clientId, String field) {
    if (clientId != DEFAULT) {
      return clientId;
    }
    Long fallback = partners.settings(h, scope.partnerId()).defaultSequencerClientId();
    if (fallback == null) {
      throw ApiError.invalid(
          field,
          "client_id is null or \"\", which means the partner's default sequencer client, but"
              + " none is configured for this partner");
    }
    return fallback;
  }
}
