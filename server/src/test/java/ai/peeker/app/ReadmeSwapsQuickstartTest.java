package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.ReadmeBlocks;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's swaps example (order → domain swap → user-name swap), run as written. */
class ReadmeSwapsQuickstartTest {

  @Test
  void the_readme_swaps_example_runs_as_written_against_a_sandbox_key() throws Exception {
    assumeTrue(ReadmeBlocks.runnable(), "the quickstart needs curl and jq");
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Readme swaps quickstart");
    List<String> out = ReadmeBlocks.run("swaps-quickstart", server, t);

    assertThat(out).as(String.join("\n", out)).hasSize(4);
    assertThat(out.get(0)).startsWith("{\"status\":\"completed\",\"replacement_domain\":\"fresh-");
    assertThat(out.get(1)).endsWith("\"status\":\"retired\"}");
    assertThat(out.get(2)).contains("alex@fresh-", "alex.rivera@fresh-").doesNotContain("-2.com");
    assertThat(out.get(3))
        .isEqualTo(
            "[{\"type\":\"user_names\",\"status\":\"created\"},"
                + "{\"type\":\"user_names\",\"status\":\"created\"}]");
  }
}
