package ai.peeker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The README's runnable shell blocks (between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end
 * -->}), run as a partner pastes them: only the demo key and base URL are pointed at a test server.
 */
public final class ReadmeBlocks {
  private ReadmeBlocks() {}

  /** Whether the blocks can run here: they use curl and jq. */
  public static boolean runnable() {
    return onPath("curl") && onPath("jq");
  }

  /**
   * Runs block {@code name} with {@code tenant}'s sandbox key; its output lines, exit 0 asserted.
   */
  public static List<String> run(String name, TestServer server, Tenant tenant) throws Exception {
    String script =
        block(name)
            .replace("KEY=pk_test_your_demo_key", "KEY=" + tenant.testKey())
            .replace(
                "API=http://localhost:8080/partner/v1", "API=" + server.baseUrl() + "/partner/v1");
    Process bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .redirectErrorStream(true)
            .start();
    assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as(name + " finished").isTrue();
    List<String> out =
        new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(bash.exitValue()).as(String.join("\n", out)).isZero();
    return out;
  }

  private static String block(String name) throws IOException {
    Path readme = Path.of("README.md");
    if (!Files.exists(readme)) {
      readme = Path.of("..", "README.md");
    }
    String text = Files.readString(readme);
    String block =
        text.substring(
            text.indexOf("<!-- " + name + ":begin -->"), text.indexOf("<!-- " + name + ":end -->"));
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
