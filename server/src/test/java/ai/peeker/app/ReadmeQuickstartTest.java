package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.ReadmeBlocks;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's quickstart is documentation a partner pastes into a shell, so it is run here as
 * written: the block between the {@code quickstart} markers, with only the key and base URL pointed
 * at a test server.
 */
class ReadmeQuickstartTest {

  @Test
  void the_readme_quickstart_runs_as_written_against_a_sandbox_key() throws Exception {
    assumeTrue(ReadmeBlocks.runnable(), "the quickstart needs curl and jq");
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Readme quickstart");
    List<String> out = ReadmeBlocks.run("quickstart", server, t);

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
}
