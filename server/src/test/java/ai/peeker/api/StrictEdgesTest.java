package ai.peeker.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.common.Json;
import ai.peeker.testing.Api;
import ai.peeker.testing.MalformedBodies;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge is exactly as strict as it looks: one media type, strict UTF-8, ASCII numbers, page
 * tokens only as issued, one credential, no control characters in parameters, and error messages in
 * plain words.
 */
class StrictEdgesTest {
  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final Pattern PARSER_INTERNALS =
      Pattern.compile(
          "(?i)fasterxml|jackson|JsonReadFeature|JsonParser|Feature|StreamReadConstraints"
              + "|java\\.|javax\\.|Exception|JsonNode|`|\\(code \\d+\\)|CTRL-CHAR|START_OBJECT"
              + "|VALUE_|FIELD_NAME|bound as|token \\(of type");

  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server = TestServer.shared();
    t = server.newTenant("Strict edges", 100_000);
  }

  @Test
  void a_page_token_is_accepted_only_byte_for_byte_as_it_was_issued() {
    Tenant paged = server.newTenant("Paged tokens", 100_000);
    for (int i = 0; i < 3; i++) {
      paged.api().post("/users", user("paged" + i + "@acme.com")).expect(201);
    }
    String next =
        paged.api().get("/users?per_page=1").expect(200).json().path("links").path("next").asText();
    String token =
        URLDecoder.decode(next.substring(next.indexOf("page_token=") + 11), StandardCharsets.UTF_8);
    paged.api().get("/users?per_page=1&page_token=" + token).expect(200);

    int dot = token.indexOf('.');
    List<String> tampered = new ArrayList<>();
    for (String part : List.of(token.substring(0, dot), token.substring(dot + 1))) {
      // other spellings of the same bytes: the last character's unused low bits, the A–P family
      int last = BASE64URL.indexOf(part.charAt(part.length() - 1));
      StringBuilder siblings = new StringBuilder("ABCDEFGHIJKLMNOP");
      int group = part.length() % 4 == 2 ? 16 : part.length() % 4 == 3 ? 4 : 1;
      for (int i = last - last % group; i < last - last % group + group; i++) {
        siblings.append(BASE64URL.charAt(i));
      }
      for (char c : siblings.toString().toCharArray()) {
        String spelled = part.substring(0, part.length() - 1) + c;
        if (!spelled.equals(part)) {
          tampered.add(token.replace(part, spelled));
        }
      }
      tampered.add(token.replace(part, part + "="));
      tampered.add(token.replace(part, part + "=="));
    }
    tampered.addAll(List.of(token + "=", token + "==", token + " ", " " + token, token + "."));
    assertThat(tampered).hasSizeGreaterThan(30);
    for (String bad : tampered) {
      paged
          .api()
          .get("/users?per_page=1&page_token=" + URLEncoder.encode(bad, StandardCharsets.UTF_8))
          .expectError(400, "invalid_request", "page_token");
    }
  }

  @Test
  void per_page_accepts_ascii_digits_only() {
    for (String bad :
        List.of(
            "%EF%BC%95",
            "%D9%A5",
            "%E0%A5%AB",
            "%205",
            "5%20",
            "%095",
            "+5",
            "-5",
            "5.0",
            "0x5",
            "5e0",
            "",
            "0",
            "101",
            "99999999999")) {
      t.api().get("/users?per_page=" + bad).expectError(400, "invalid_request", "per_page");
    }
    assertThat(
            t.api()
                .get("/users?per_page=5")
                .expect(200)
                .json()
                .path("meta")
                .path("per_page")
                .asInt())
        .isEqualTo(5);
    assertThat(
            t.api()
                .get("/users?per_page=100")
                .expect(200)
                .json()
                .path("meta")
                .path("per_page")
                .asInt())
        .isEqualTo(100);
  }

  @Test
  void only_application_json_bodies_are_parsed_and_anything_else_is_415() throws Exception {
    Tenant media = server.newTenant("Media types", 100_000);
    byte[] body = Json.write(user("typed@acme.com")).getBytes(StandardCharsets.UTF_8);
    List<Map<String, String>> refused = new ArrayList<>();
    for (String type :
        List.of(
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "application/json-seq",
            "application/problem+json",
            "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1",
            "application/json; foo=bar",
            "application/json; charset=utf-8; foo=bar",
            "application/json;",
            "*/*")) {
      refused.add(Map.of("Content-Type", type));
    }
    refused.add(Map.of()); // no Content-Type at all
    for (String encoding : List.of("gzip", "deflate", "br", "identity, gzip", "x-unknown")) {
      refused.add(Map.of("Content-Type", "application/json", "Content-Encoding", encoding));
    }
    for (Map<String, String> headers : refused) {
      var r = media.api().sendBytes("POST", "/users", body, headers);
      assertThat(r.status()).as("%s → %s", headers, r.body()).isEqualTo(415);
      r.expectError(415, "unsupported_media_type", null);
      assertPlain(r);
    }
    media
        .api()
        .sendBytes(
            "POST",
            "/users",
            gzip(body),
            Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"))
        .expectError(415, "unsupported_media_type", null);
    media
        .api()
        .sendBytes(
            "PATCH",
            "/users/usr_01HZX0C6Z3K4M5N6P7Q8R9S0JK",
            body,
            Map.of("Content-Type", "text/plain"))
        .expectError(415, "unsupported_media_type", null);
    assertThat(media.api().get("/users").expect(200).data()).as("nothing was created").isEmpty();

    int n = 0;
    for (Map<String, String> headers :
        List.of(
            Map.of("Content-Type", "application/json"),
            Map.of("Content-Type", "Application/JSON; Charset=UTF-8"),
            Map.of("Content-Type", "application/json;charset=utf-8"),
            Map.of("Content-Type", "application/json; charset=\"utf-8\""),
            Map.of("Content-Type", "application/json", "Content-Encoding", "identity"))) {
      byte[] ok = Json.write(user("typed" + n++ + "@acme.com")).getBytes(StandardCharsets.UTF_8);
      media.api().sendBytes("POST", "/users", ok, headers).expect(201);
    }
  }

  @Test
  void a_request_without_a_body_needs_no_content_type() {
    String missing = "/orders/ord_01HZX0C6Z3K4M5N6P7Q8R9S0JK/cancel";
    t.api().sendBytes("POST", missing, new byte[0], Map.of()).expectError(404, "not_found", null);
    t.api().post(missing, null).expectError(404, "not_found", null);
    t.api()
        .sendBytes(
            "POST",
            missing,
            "{}".getBytes(StandardCharsets.UTF_8),
            Map.of("Content-Type", "text/plain"))
        .expectError(415, "unsupported_media_type", null);
  }

  @Test
  void utf16_bodies_are_refused_whatever_they_claim() {
    Tenant utf16 = server.newTenant("UTF-16", 100_000);
    String json = Json.write(user("wide@acme.com"));
    for (Charset charset :
        List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16)) {
      byte[] bytes = json.getBytes(charset);
      var r =
          utf16
              .api()
              .sendBytes("POST", "/users", bytes, Map.of("Content-Type", "application/json"));
      r.expectError(400, "invalid_request", null);
      assertPlain(r);
      utf16
          .api()
          .sendBytes(
              "POST", "/users", bytes, Map.of("Content-Type", "application/json; charset=utf-16"))
          .expectError(415, "unsupported_media_type", null);
    }
    byte[] withBom =
        concat(new byte[] {(byte) 0xff, (byte) 0xfe}, json.getBytes(StandardCharsets.UTF_16LE));
    utf16
        .api()
        .sendBytes("POST", "/users", withBom, Map.of("Content-Type", "application/json"))
        .expectError(400, "invalid_request", null);
    assertThat(utf16.api().get("/users").expect(200).data()).isEmpty();
  }

  @Test
  void overlong_utf8_is_refused_not_read_as_the_character_it_imitates() {
    Tenant overlong = server.newTenant("Overlong", 100_000);
    byte[] body =
        concat(
            "{\"email\":\"a".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xc0, (byte) 0xaf},
            "b@acme.com\",\"first_name\":\"x\",\"sequencer\":null}"
                .getBytes(StandardCharsets.UTF_8));
    var r =
        overlong
            .api()
            .sendBytes("POST", "/users", body, Map.of("Content-Type", "application/json"));
    r.expectError(400, "invalid_request", "email");
    assertThat(r.json().path("error").path("message").asText())
        .isEqualTo("'email' is not valid UTF-8");
    byte[] surrogate =
        concat(
            "{\"email\":\"ok@acme.com\",\"first_name\":\"".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            "\",\"sequencer\":null}".getBytes(StandardCharsets.UTF_8));
    overlong
        .api()
        .sendBytes("POST", "/users", surrogate, Map.of("Content-Type", "application/json"))
        .expectError(400, "invalid_request", "first_name");
    byte[] outsideStrings =
        concat(
            "{\"email\":".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xff},
            "}".getBytes(StandardCharsets.UTF_8));
    overlong
        .api()
        .sendBytes("POST", "/users", outsideStrings, Map.of("Content-Type", "application/json"))
        .expectError(400, "invalid_request", null);
    assertThat(overlong.api().get("/users").expect(200).data()).isEmpty();
  }

  @Test
  void malformed_json_is_described_in_plain_words_with_line_and_column() {
    List<String> bodies =
        new ArrayList<>(
            List.of(
                "{\"a\":NaN}",
                "{\"a\":Infinity}",
                "{\"a\":-Infinity}",
                "\"unterminated",
                "{\"a\":[1,2}",
                "{\"email\":01}",
                "{\"email\":1.}",
                "{\"email\":-}",
                "{\"a\":\"\\x\"}",
                "{/*c*/}",
                "{\"a\":1 // c\n}",
                "{a:1}",
                "{\"a\":\"raw\ttab\"}",
                "{\"a\":tru}",
                "{\"a\":1}]",
                "{\"a\":\"b\"}}",
                "{\"email\":\"a@b.co\",\"email\":\"c@d.co\"}",
                "{} {}",
                "{\"a\":0x10}",
                "{\"a\":+1}",
                "{\"a\":.5}",
                "\uFEFF{}",
                "{\"a\":1e5000}",
                "[1]",
                "123",
                "{\"a\":" + "9".repeat(2000) + "}",
                "[".repeat(100) + "]".repeat(100),
                "{\"a\":\"" + "x".repeat(100) + "\n\"}",
                "{\n\"a\":\n[\n1\n,\n}"));
    bodies.addAll(List.of(MalformedBodies.BROKEN_JSON));
    bodies.addAll(
        new MalformedBodies(20270101L, List.of("email", "first_name", "sequencer")).take(200));
    int described = 0;
    for (String body : bodies) {
      var r = t.api().postRaw("/users", body);
      assertThat(r.status()).as("%s → %s", body, r.body()).isBetween(400, 499);
      assertPlain(r);
      if (r.json().path("error").path("message").asText().startsWith("Malformed JSON at line")) {
        described++;
      }
    }
    assertThat(described).as("syntax errors name where they are").isGreaterThan(25);
    var duplicate = t.api().postRaw("/users", "{\"email\":\"a@b.co\",\n\"email\":\"c@d.co\"}");
    assertThat(
            duplicate
                .expectError(400, "invalid_request", null)
                .json()
                .path("error")
                .path("message")
                .asText())
        .isEqualTo("Malformed JSON at line 2, column 8: the field 'email' appears more than once");
    var nan = t.api().postRaw("/users", "{\"email\":NaN}");
    assertThat(
            nan.expectError(400, "invalid_request", null)
                .json()
                .path("error")
                .path("message")
                .asText())
        .isEqualTo("Malformed JSON at line 1, column 13: NaN and Infinity are not JSON numbers");
  }

  @Test
  void two_authorization_headers_are_refused_even_when_both_are_valid() {
    String key = t.testKey();
    t.api().get("/me").expect(200);
    for (String second : List.of("Bearer " + key, "Bearer pk_test_nope", "Basic Zm9vOmJhcg==")) {
      var r = t.api().send("GET", "/me", null, Map.of("Authorization", second));
      r.expectError(401, "unauthorized", null);
    }
    server
        .api()
        .as("pk_test_nope")
        .send("GET", "/me", null, Map.of("Authorization", "Bearer " + key))
        .expectError(401, "unauthorized", null);
  }

  @Test
  void control_characters_in_any_query_parameter_of_any_list_are_400_naming_it() {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    lists.put("/users", List.of("email", "status"));
    lists.put("/bundles", List.of("status"));
    lists.put("/domains", List.of("category", "user_id", "user_email", "usable_for", "status"));
    lists.put("/orders", List.of("user_id", "user_email", "bundle_id", "status"));
    lists.put("/orders/pending", List.of("order_id", "user", "domain_id", "status"));
    int checked = 0;
    for (var list : lists.entrySet()) {
      List<String> params = new ArrayList<>(list.getValue());
      params.addAll(List.of("per_page", "page_token", "not_a_parameter"));
      for (String param : params) {
        for (String bad : List.of("a%00b", "%07", "a%7Fb", "a%0Ab", "%ED%A0%80")) {
          var r = t.api().get(list.getKey() + "?" + param + "=" + bad);
          if (bad.equals("%ED%A0%80")) {
            // not UTF-8: decoded to U+FFFD by the server, which is text like any other
            assertThat(r.status()).as(r.body()).isIn(200, 400);
            continue;
          }
          r.expectError(400, "invalid_request", param);
          assertPlain(r);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(80);
    t.api()
        .get("/domains?user_email=" + URLEncoder.encode("a\u0000b", StandardCharsets.UTF_8))
        .expectError(400, "invalid_request", "user_email");
  }

  @Test
  void a_control_character_in_a_path_id_is_not_found_or_refused_never_a_server_error() {
    byte[] patch = "{\"first_name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    List<String> outcomes = new ArrayList<>();
    for (String id :
        List.of("usr_%00", "x%00y", "%07", "a%0Ab", "bun_01HZX0BU1A2B3C4D5E6F7G8HJK%7F")) {
      List<Api.Response> answers = new ArrayList<>();
      for (String path : List.of("/users/", "/bundles/", "/domains/", "/orders/")) {
        answers.add(t.api().get(path + id));
      }
      answers.add(t.api().delete("/users/" + id));
      answers.add(t.api().delete("/bundles/" + id));
      answers.add(
          t.api()
              .sendBytes(
                  "PATCH", "/users/" + id, patch, Map.of("Content-Type", "application/json")));
      answers.add(t.api().post("/orders/" + id + "/cancel", null));
      for (Api.Response r : answers) {
        // Jetty refuses some encoded control characters in a path before routing (400); the rest
        // reach the API and name no object (404)
        if (r.status() == 400) {
          r.expectError(400, "invalid_request", null);
        } else {
          r.expectError(404, "not_found", null);
        }
        outcomes.add(id + " " + r.status());
      }
    }
    assertThat(outcomes).anyMatch(o -> o.endsWith(" 404"));
  }

  /** No parser, class, package or setting name in an error message. */
  private static void assertPlain(Api.Response r) {
    String message = r.json().path("error").path("message").asText();
    assertThat(message).as(r.body()).isNotBlank();
    assertThat(PARSER_INTERNALS.matcher(message).find()).as("internals in %s", message).isFalse();
  }

  private static Map<String, Object> user(String email) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("email", email);
    body.put("first_name", "Ann");
    body.put("sequencer", null);
    return body;
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
