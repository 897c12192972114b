package ai.peeker.users;

import java.time.Instant;

/** A partner's customer, as the API shows it. */
public record User(
    String id,
    String email,
    String firstName,
    String lastName,
    UserStatus status,
    SequencerRoute sequencer,
    Instant createdAt) {

  public boolean deleted() {
    return status == UserStatus.DELETED;
  }

  /** Where the user's inboxes are uploaded; null means the partner's default route. */
  public record SequencerRoute(SequencerProvider provider, long clientId) {}
}
