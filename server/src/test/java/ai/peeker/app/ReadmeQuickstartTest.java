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

/**
 * The README's quickstart is documentation a partner pastes into a shell, so it is run here as
 * written: the block between the {@code quickstart} markers, with only the key and base URL pointed
 * at a test server.
 */
class ReadmeQuickstartTest {

  @Test
  void the_readme_quickstart_runs_as_written_against_a_sandbox_key() throws Exception {
    assumeTrue(onPath("curl") && onPath("jq"), "the quickstart needs curl and jq");
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Readme quickstart");
    String script =
        quickstart()
            .replace("KEY=pk_test_your_demo_key", "KEY=" + t.testKey())
            .replace(
                "API=http://localhost:8080/partner/v1", "API=" + server.baseUrl() + "/partner/v1");

    Process bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("quickstart finished").isTrue();
    List<String> out =
        new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(bash.exitValue()).as(String.join("\n", out)).isZero();

    assertThat(out).hasSize(7);
    assertThat(out.get(0)).contains("\"environment\":\"test\"", "\"permission_preset\":\"full\"");
    assertThat(out.get(1)).isEqualTo("{\"google\":2,\"microsoft\":1,\"total\":3}");
    assertThat(out.get(2))
        .contains("\"available\":true", "\"premium\":true", "\"reason\":\"premium\"");
    // 4 Google licenses × 100 + 1 Microsoft × 900 + 3 .com names × 1300
    assertThat(out.get(3))
        .matches("\\{\"status\":\"(in_progress|completed)\",\"costs\":\\{\"total_cents\":5200,.*");
    assertThat(out.get(4)).startsWith("[{\"id\":\"ord_");
    assertThat(out.get(5)).contains("\"provider\":\"microsoft\"", "\"provider\":\"google\"");
    assertThat(out.get(6)).startsWith("{");
  }

  private static String quickstart() throws IOException {
    Path readme = Path.of("README.md");
    if (!Files.exists(readme)) {
      readme = Path.of("..", "README.md");
    }
    String text = Files.readString(readme);
    String block =
        text.substring(
            text.indexOf("<!-- quickstart:begin -->"), text.indexOf("<!-- quickstart:end -->"));
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
