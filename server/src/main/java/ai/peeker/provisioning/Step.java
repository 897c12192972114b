package ai.peeker.provisioning;

import ai.peeker.common.WireValue;

/**
 * Where a domain's workflow stands, persisted after every step: register (bought domains) → DNS
 * zone and records → mail-provider verification → inboxes → forwarding (a domain with a forwarding
 * URL) → sequencer upload → connected. {@code failed} and {@code released} end it too.
 */
enum Step implements WireValue {
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
    return switch (this) {
      case CONNECTED, FAILED, RELEASED -> true;
      case REGISTER, DNS, VERIFY, INBOXES, FORWARDING, SEQUENCER -> false;
    };
  }

  Step next() {
    return switch (this) {
      case REGISTER -> DNS;
      case DNS -> VERIFY;
      case VERIFY -> INBOXES;
      case INBOXES -> FORWARDING;
      case FORWARDING -> SEQUENCER;
      case SEQUENCER -> CONNECTED;
      case CONNECTED, FAILED, RELEASED ->
          throw new IllegalStateException(this + " has no next step");
    };
  }
}
