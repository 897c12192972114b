package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.TestServer;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs.html names the Swagger UI webjar's version; this catches a version bump it missed. */
class DocsPageTest {
  @Test
  void every_swagger_ui_file_the_docs_page_links_is_served() {
    TestServer server = TestServer.shared();
    String page = server.api().anonymous().get("/docs").expect(200).body();
    List<String> assets =
        Pattern.compile("/webjars/[^\"]+").matcher(page).results().map(MatchResult::group).toList();
    assertThat(assets).hasSize(2);
    for (String asset : assets) {
      server.api().anonymous().get(asset).expect(200);
    }
  }
}
