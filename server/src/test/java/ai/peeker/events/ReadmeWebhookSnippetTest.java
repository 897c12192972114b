package ai.peeker.events;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.PeekerWebhooks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's verification code is {@link PeekerWebhooks}, which every delivery test runs against
 * the requests it receives; this test keeps the two texts identical.
 */
class ReadmeWebhookSnippetTest {
  @Test
  void the_readme_shows_exactly_the_verification_code_the_tests_run() throws Exception {
    String source =
        Files.readString(Path.of("src/test/java/ai/peeker/testing/PeekerWebhooks.java"));
    String snippet = source.split("// README:begin\n")[1].split("// README:end")[0];
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).contains("```java\n" + snippet + "```\n");
  }

  @Test
  void the_snippet_accepts_what_the_signer_signs_with_any_of_the_rotating_secrets()
      throws Exception {
    byte[] body =
        "{\"id\":\"evt_01HZX0EV1A2B3C4D5E6F7G8H\",\"type\":\"ping\"}"
            .getBytes(StandardCharsets.UTF_8);
    Instant now = Instant.parse("2026-05-08T12:00:00Z");
    String timestamp = Long.toString(now.getEpochSecond());
    String header = Signer.header(List.of("whsec_new", "whsec_old"), now.getEpochSecond(), body);

    assertThat(PeekerWebhooks.verify("whsec_new", timestamp, header, body, now)).isTrue();
    assertThat(PeekerWebhooks.verify("whsec_old", timestamp, header, body, now.plusSeconds(299)))
        .isTrue();
    assertThat(PeekerWebhooks.verify("whsec_other", timestamp, header, body, now)).isFalse();
    assertThat(PeekerWebhooks.verify("whsec_new", timestamp, header, body, now.minusSeconds(301)))
        .as("a timestamp from the future")
        .isFalse();
    assertThat(PeekerWebhooks.verify("whsec_new", "12a", header, body, now)).isFalse();
    assertThat(PeekerWebhooks.verify("whsec_new", timestamp, null, body, now)).isFalse();
    assertThat(
            PeekerWebhooks.verify("whsec_new", timestamp, "v0=" + header.substring(3), body, now))
        .isFalse();
  }
}
