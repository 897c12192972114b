package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's swaps example (order → domain swap → user-name swap), run as written. */
class ReadmeSwapsQuickstartTest {

  @Test
  void the_readme_swaps_example_runs_as_written_against_a_sandbox_key() throws Exception {
    assumeTrue(onPath("curl") && onPath("jq"), "the quickstart needs curl and jq");
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Readme swaps quickstart");
    String script =
        block()
            .replace("KEY=pk_test_your_demo_key", "KEY=" + t.testKey())
            .replace(
                "API=http://localhost:8080/partner/v1", "API=" + server.baseUrl() + "/partner/v1");

    Process bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("quickstart finished").isTrue();
    List<String> out =
        new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(bash.exitValue()).as(String.join("\n", out)).isZero();

    assertThat(out).as(String.join("\n", out)).hasSize(4);
    assertThat(out.get(0)).startsWith("{\"status\":\"completed\",\"replacement_domain\":\"fresh-");
    assertThat(out.get(1)).endsWith("\"status\":\"retired\"}");
    assertThat(out.get(2)).contains("alex@fresh-", "alex.rivera@fresh-").doesNotContain("-2.com");
    assertThat(out.get(3))
        .isEqualTo(
            "[{\"type\":\"user_names\",\"status\":\"created\"},"
                + "{\"type\":\"user_names\",\"status\":\"created\"}]");
  }

  private static String block() throws IOException {
    Path readme = Path.of("README.md");
    if (!Files.exists(readme)) {
      readme = Path.of("..", "README.md");
    }
    String text = Files.readString(readme);
    String block =
        text.substring(
            text.indexOf("<!-- swaps-quickstart:begin -->"),
            text.indexOf("<!-- swaps-quickstart:end -->"));
    return block.substring(block.indexOf("```sh") + 5, block.lastIndexOf("```"));
  }

  private static boolean onPath(String command) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + command).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
