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

/** The README's second quickstart (import → order → forwarding), run as written. */
class ReadmeImportQuickstartTest {

  @Test
  void the_readme_import_quickstart_runs_as_written_against_a_sandbox_key() throws Exception {
    assumeTrue(onPath("curl") && onPath("jq"), "the quickstart needs curl and jq");
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Readme import quickstart");
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
    assertThat(out.get(0)).isEqualTo("[\"ns1.sandbox.peeker.dev\",\"ns2.sandbox.peeker.dev\"]");
    assertThat(out.get(1)).contains("\"status\":\"available\"").doesNotContain("pending");
    assertThat(out.get(2))
        .startsWith("{\"status\":\"completed\"")
        .contains("\"imported\":[\"owned-");
    assertThat(out.get(3)).isEqualTo("{\"status\":\"completed\",\"completed_count\":2}");
  }

  private static String block() throws IOException {
    Path readme = Path.of("README.md");
    if (!Files.exists(readme)) {
      readme = Path.of("..", "README.md");
    }
    String text = Files.readString(readme);
    String block =
        text.substring(
            text.indexOf("<!-- import-quickstart:begin -->"),
            text.indexOf("<!-- import-quickstart:end -->"));
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
