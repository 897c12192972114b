package ai.peeker.provisioning;

import java.util.Locale;

/**
 * Where a domain's workflow stands, persisted after every step: register (bought domains) → DNS
 * zone and records → mail-provider verification → inboxes → forwarding → sequencer upload →
 * connected. {@code failed} and {@code released} end it too.
 */
enum Step {
  REGISTER,
  DNS,
  VERIFY,
  INBOXES,
  FORWARDING,
  SEQUENCER,
  CONNECTED,
  FAILED,
  RELEASED;

  boolean finished() {
    return this == CONNECTED || this == FAILED || this == RELEASED;
  }

  Step next() {
    return switch (this) {
      case REGISTER -> DNS;
      case DNS -> VERIFY;
      case VERIFY -> INBOXES;
      case INBOXES -> FORWARDING;
      case FORWARDING -> SEQUENCER;
      case SEQUENCER -> CONNECTED;
      default -> throw new IllegalStateException(this + " has no next step");
    };
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Step parse(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
