package ai.peeker.users;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.MalformedBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hundreds of generated bad bodies: only 4xx envelopes come back and nothing is written. */
class MalformedUserBodiesTest {
  private static final List<String> FIELDS =
      List.of("email", "first_name", "last_name", "sequencer");

  @Test
  void generated_malformed_user_bodies_get_only_4xx_envelopes_and_write_nothing() {
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Fuzzed", 100_000);
    String id =
        t.api()
            .post("/users", Map.of("email", "keep@acme.com", "first_name", "Keep", "sequencer", ""))
            .expect(201)
            .data()
            .path("id")
            .asText();
    String before = t.api().get("/users/" + id).expect(200).body();
    long seed = 20261124L;
    MalformedBodies bodies = new MalformedBodies(seed, FIELDS);
    int created = 0;
    for (int i = 0; i < 300; i++) {
      String body = bodies.next();
      var post = t.api().postRaw("/users", body);
      var patch = t.api().patchRaw("/users/" + id, body);
      for (var r : List.of(post, patch)) {
        assertThat(r.status()).as("seed %d body %s → %s", seed, body, r.body()).isLessThan(500);
        if (r.status() >= 400) {
          assertThat(r.json().path("error").path("code").asText()).as(r.body()).isNotEmpty();
        }
      }
      if (post.status() == 201) {
        created++;
      }
      if (patch.status() == 200) {
        // a generated body can be a valid patch; put the user back for the next round
        t.api()
            .patch(
                "/users/" + id,
                Map.of(
                    "email",
                    "keep@acme.com",
                    "first_name",
                    "Keep",
                    "last_name",
                    "",
                    "sequencer",
                    ""))
            .expect(200);
      }
    }
    assertThat(t.api().get("/users?per_page=100").expect(200).data()).hasSize(1 + created);
    assertThat(created).as("almost every generated body is invalid").isLessThan(30);
    assertThat(t.api().get("/users/" + id).expect(200).body()).isEqualTo(before);
  }
}
