package ai.peeker.users;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.partners.Environment;
import ai.peeker.partners.Preset;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsersApiTest {
  static TestServer server;
  static Tenant acme;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    acme = server.newTenant("Acme users");
  }

  static Map<String, Object> alex(String email) {
    return Map.of(
        "email",
        email,
        "first_name",
        "Alex",
        "last_name",
        "Rivera",
        "sequencer",
        Map.of("provider", "smartlead", "client_id", 366903));
  }

  @Test
  void creating_a_user_returns_201_with_the_documented_shape() {
    JsonNode user = acme.api().post("/users", alex("alex@acme.com")).expect(201).data();
    assertThat(user.path("id").asText()).matches("usr_[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(user.path("email").asText()).isEqualTo("alex@acme.com");
    assertThat(user.path("status").asText()).isEqualTo("active");
    assertThat(user.path("sequencer").path("provider").asText()).isEqualTo("smartlead");
    assertThat(user.path("sequencer").path("client_id").asLong()).isEqualTo(366903);
    assertThat(user.path("created_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(acme.api().get("/users/" + user.path("id").asText()).expect(200).data())
        .isEqualTo(user);
  }

  @Test
  void a_null_or_empty_sequencer_means_the_default_route() {
    var body = new java.util.HashMap<String, Object>();
    body.put("email", "default-route@acme.com");
    body.put("sequencer", null);
    assertThat(acme.api().post("/users", body).expect(201).data().path("sequencer").isNull())
        .isTrue();
    assertThat(
            acme.api()
                .post("/users", Map.of("email", "empty-route@acme.com", "sequencer", ""))
                .expect(201)
                .data()
                .path("sequencer")
                .isNull())
        .isTrue();
  }

  @Test
  void duplicate_emails_are_409_case_insensitively() {
    acme.api().post("/users", alex("dup@acme.com")).expect(201);
    acme.api().post("/users", alex("DUP@acme.com")).expectError(409, "conflict", "email");
  }

  @Test
  void bad_fields_are_400_naming_the_field() {
    acme.api().post("/users", Map.of("sequencer", "")).expectError(400, "invalid_request", "email");
    acme.api()
        .post("/users", Map.of("email", "x@acme.com"))
        .expectError(400, "invalid_request", "sequencer");
    acme.api()
        .post("/users", Map.of("email", "not-an-email", "sequencer", ""))
        .expectError(400, "invalid_request", "email");
    acme.api()
        .post("/users", Map.of("email", 42, "sequencer", ""))
        .expectError(400, "invalid_request", "email");
    acme.api()
        .post("/users", Map.of("email", "y@acme.com", "sequencer", "", "nickname", "y"))
        .expectError(400, "invalid_request", "nickname");
    acme.api()
        .post(
            "/users",
            Map.of(
                "email",
                "y@acme.com",
                "sequencer",
                Map.of("provider", "smartlead", "client_id", "366903")))
        .expectError(400, "invalid_request", "sequencer.client_id");
    acme.api()
        .post(
            "/users",
            Map.of(
                "email",
                "y@acme.com",
                "sequencer",
                Map.of("provider", "instantly", "client_id", 1)))
        .expectError(400, "invalid_request", "sequencer.provider");
    acme.api()
        .post(
            "/users",
            Map.of(
                "email",
                "y@acme.com",
                "sequencer",
                Map.of("provider", "smartlead", "client_id", 1.5)))
        .expectError(400, "invalid_request", "sequencer.client_id");
    acme.api()
        .post(
            "/users",
            Map.of(
                "email",
                "y@acme.com",
                "sequencer",
                Map.of("provider", "smartlead", "client_id", 1, "x", 1)))
        .expectError(400, "invalid_request", "sequencer.x");
    acme.api()
        .post(
            "/users", Map.of("email", "y@acme.com", "sequencer", "", "first_name", "n".repeat(101)))
        .expectError(400, "invalid_request", "first_name");
  }

  @Test
  void patching_changes_only_the_given_fields() {
    String id =
        acme.api().post("/users", alex("patch@acme.com")).expect(201).data().path("id").asText();
    JsonNode patched =
        acme.api()
            .patch(
                "/users/" + id,
                Map.of("sequencer", Map.of("provider", "smartlead", "client_id", 7)))
            .expect(200)
            .data();
    assertThat(patched.path("sequencer").path("client_id").asLong()).isEqualTo(7);
    assertThat(patched.path("first_name").asText()).isEqualTo("Alex");
    assertThat(patched.path("email").asText()).isEqualTo("patch@acme.com");
    JsonNode renamed =
        acme.api()
            .patch("/users/" + id, Map.of("email", "patched@acme.com", "last_name", "Lee"))
            .expect(200)
            .data();
    assertThat(renamed.path("email").asText()).isEqualTo("patched@acme.com");
    assertThat(renamed.path("last_name").asText()).isEqualTo("Lee");
    assertThat(acme.api().get("/users/" + id).expect(200).data()).isEqualTo(renamed);
  }

  @Test
  void patching_to_an_email_in_use_is_409_and_null_email_is_400() {
    acme.api().post("/users", alex("taken@acme.com")).expect(201);
    String id =
        acme.api().post("/users", alex("mover@acme.com")).expect(201).data().path("id").asText();
    acme.api()
        .patch("/users/" + id, Map.of("email", "Taken@acme.com"))
        .expectError(409, "conflict", "email");
    acme.api()
        .patchRaw("/users/" + id, "{\"email\":null}")
        .expectError(400, "invalid_request", "email");
    acme.api()
        .patch("/users/" + id, Map.of("status", "deleted"))
        .expectError(400, "invalid_request", "status");
    assertThat(acme.api().get("/users/" + id).expect(200).data().path("email").asText())
        .isEqualTo("mover@acme.com");
  }

  @Test
  void deleting_marks_the_user_deleted_and_it_stays_readable() {
    String id =
        acme.api().post("/users", alex("gone@acme.com")).expect(201).data().path("id").asText();
    assertThat(acme.api().delete("/users/" + id).expect(200).data().path("status").asText())
        .isEqualTo("deleted");
    assertThat(acme.api().get("/users/" + id).expect(200).data().path("status").asText())
        .isEqualTo("deleted");
    assertThat(acme.api().delete("/users/" + id).expect(200).data().path("status").asText())
        .isEqualTo("deleted");
  }

  @Test
  void unknown_malformed_and_foreign_ids_are_404() {
    acme.api().get("/users/usr_01HZX0C6Z3K4M5N6P7Q8R9S0AA").expectError(404, "not_found", null);
    acme.api().get("/users/usr_01HZX0C6Z3K4M5N6P7Q8R9S0").expectError(404, "not_found", null);
    acme.api().get("/users/%27%3B%20DROP%20TABLE%20users%3B--").expectError(404, "not_found", null);
    Tenant other = server.newTenant("Other partner");
    String theirs =
        other.api().post("/users", alex("theirs@other.com")).expect(201).data().path("id").asText();
    acme.api().get("/users/" + theirs).expectError(404, "not_found", null);
    acme.api()
        .patch("/users/" + theirs, Map.of("first_name", "X"))
        .expectError(404, "not_found", null);
    acme.api().delete("/users/" + theirs).expectError(404, "not_found", null);
    assertThat(other.api().get("/users/" + theirs).expect(200).data().path("first_name").asText())
        .isEqualTo("Alex");
    String live = other.key(Environment.LIVE, Preset.FULL);
    server.api().as(live).get("/users/" + theirs).expectError(404, "not_found", null);
    assertThat(server.api().as(live).get("/users").expect(200).data()).isEmpty();
  }

  @Test
  void read_keys_cannot_write_and_limited_keys_cannot_create_users() {
    String read = acme.key(Environment.TEST, Preset.READ);
    server.api().as(read).post("/users", alex("r@acme.com")).expectError(403, "forbidden", null);
    server.api().as(read).get("/users").expect(200);
    String limited = acme.key(Environment.TEST, Preset.LIMITED);
    server.api().as(limited).post("/users", alex("l@acme.com")).expectError(403, "forbidden", null);
    assertThat(acme.api().get("/users?email=r@acme.com").expect(200).data()).isEmpty();
  }

  @Test
  void listing_filters_by_email_and_status_and_walks_pages() {
    Tenant t = server.newTenant("Lister");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(
          0,
          t.api()
              .post("/users", alex("u" + i + "@list.com"))
              .expect(201)
              .data()
              .path("id")
              .asText());
    }
    t.api().delete("/users/" + ids.get(0)).expect(200);
    List<String> walked = new ArrayList<>();
    String next = "/users?per_page=5";
    while (next != null) {
      var page = t.api().get(next).expect(200);
      page.data().forEach(u -> walked.add(u.path("id").asText()));
      next =
          page.json().path("links").path("next").isNull()
              ? null
              : page.json().path("links").path("next").asText();
    }
    assertThat(walked).containsExactlyElementsOf(ids);
    assertThat(t.api().get("/users?email=U3@LIST.com").expect(200).data()).hasSize(1);
    assertThat(t.api().get("/users?status=deleted").expect(200).data()).hasSize(1);
    assertThat(t.api().get("/users?status=active").expect(200).data()).hasSize(11);
    t.api().get("/users?status=gone").expectError(400, "invalid_request", "status");
  }
}
