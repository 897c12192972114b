package ai.peeker.users;

import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.common.Change;
import ai.peeker.common.WireValue;
import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * A {@code POST /users} or {@code PATCH /users/{id}} body. A create needs the email and the {@code
 * sequencer} key; a patch changes the keys it carries.
 *
 * <pre>{"email":"alex@acme.com","sequencer":{"provider":"smartlead","client_id":366903}}</pre>
 */
record UserBody(
    Change<String> email,
    Change<String> firstName,
    Change<String> lastName,
    Change<Sequencer> sequencer) {

  Users.NewUser draft() {
    if (!sequencer.present()) {
      throw new FieldError("sequencer", "is required (null or \"\" uses the default route)");
    }
    return new Users.NewUser(
        Fields.required(Fields.text(email.value(), "email", 320), "email"),
        Fields.text(firstName.value(), "first_name", 100),
        Fields.text(lastName.value(), "last_name", 100),
        route(sequencer.value()));
  }

  Users.UserChanges changes() {
    if (email.present() && email.value() == null) {
      throw new FieldError("email", "cannot be null");
    }
    return new Users.UserChanges(
        email.map(v -> Fields.required(Fields.text(v, "email", 320), "email")),
        firstName.map(v -> Fields.text(v, "first_name", 100)),
        lastName.map(v -> Fields.text(v, "last_name", 100)),
        sequencer.map(UserBody::route));
  }

  private static User.SequencerRoute route(Sequencer s) {
    return s == null
        ? null
        : new User.SequencerRoute(
            WireValue.of(SequencerProvider.class, s.provider()), s.clientId());
  }

  /**
   * {@code {"provider":"smartlead","client_id":366903}}; {@code null} or {@code ""} selects the
   * partner's default sequencer route.
   */
  record Sequencer(String provider, long clientId) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    Sequencer(
        @com.fasterxml.jackson.annotation.JsonProperty("provider") String provider,
        @com.fasterxml.jackson.annotation.JsonProperty("client_id")
            com.fasterxml.jackson.databind.JsonNode clientId) {
      this(checkedProvider(provider), SequencerClients.parse(clientId, "client_id"));
    }

    private static String checkedProvider(String provider) {
      String p = Fields.required(Fields.text(provider, "provider", 40), "provider");
      SequencerProvider.parse(p, "provider");
      return p;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Sequencer blank(String text) {
      if (!text.isBlank()) {
        throw new FieldError("", "must be an object");
      }
      return null;
    }
  }
}
