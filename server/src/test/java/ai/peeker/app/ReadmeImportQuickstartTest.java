package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.ReadmeBlocks;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's second quickstart (import → order → forwarding), run as written. */
class ReadmeImportQuickstartTest {

  @Test
  void the_readme_import_quickstart_runs_as_written_against_a_sandbox_key() throws Exception {
    assumeTrue(ReadmeBlocks.runnable(), "the quickstart needs curl and jq");
    TestServer server = TestServer.shared();
    Tenant t = server.newTenant("Readme import quickstart");
    List<String> out = ReadmeBlocks.run("import-quickstart", server, t);

    assertThat(out).as(String.join("\n", out)).hasSize(4);
    assertThat(out.get(0)).isEqualTo("[\"ns1.sandbox.peeker.dev\",\"ns2.sandbox.peeker.dev\"]");
    assertThat(out.get(1)).contains("\"status\":\"available\"").doesNotContain("pending");
    assertThat(out.get(2))
        .startsWith("{\"status\":\"completed\"")
        .contains("\"imported\":[\"owned-");
    assertThat(out.get(3)).isEqualTo("{\"status\":\"completed\",\"completed_count\":2}");
  }
}
