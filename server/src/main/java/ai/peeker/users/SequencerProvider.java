package ai.peeker.users;

import ai.peeker.api.ApiError;
import ai.peeker.common.WireValue;

/** The cold-email sequencers a user's inboxes can be uploaded to. */
public enum SequencerProvider implements WireValue {
  SMARTLEAD;

  /** The provider named {@code value}, or a 400 naming {@code field}. */
  public static SequencerProvider parse(String value, String field) {
    if (!WireValue.wires(SequencerProvider.class).contains(value)) {
      throw ApiError.invalid(field, "The only sequencer provider is '" + SMARTLEAD.wire() + "'");
    }
    return WireValue.of(SequencerProvider.class, value);
  }
}
