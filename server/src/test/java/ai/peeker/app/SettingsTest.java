package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every setting is declared once, listed in the README, shown masked, and typos are flagged. */
class SettingsTest {
  private static final Pattern README_ROW =
      Pattern.compile("^\\| `(PEEKER_[A-Z0-9_]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

  @Test
  void the_readme_configuration_table_lists_exactly_the_declared_settings_with_their_defaults()
      throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = readme.substring(readme.indexOf("### Configuration"));
    table = table.substring(0, table.indexOf("\n\n", table.indexOf("| variable")));
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = README_ROW.matcher(table);
    while (m.find()) {
      rows.put(m.group(1), m.group(2));
    }
    assertThat(rows.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Setting.values()).map(Setting::variable).toList());
    for (Setting s : Setting.values()) {
      if (s.defaultValue() != null) {
        assertThat(rows.get(s.variable())).as(s.variable()).contains(s.defaultValue());
      }
    }
  }

  @Test
  void config_shows_every_setting_masks_secrets_and_warns_of_unknown_variables() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PEEKER_SECRET", "do-not-show-this-secret");
    env.put("PEEKER_DATABASE_URL", "jdbc:postgresql://db:5432/peeker?user=ops&password=hunter2pw");
    env.put("PEEKER_WEBHOOK_CONCURRENCY", "7");
    env.put("PEEKER_PROT", "9090");
    Cli.Result r = Cli.run(env, "config");

    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String out = String.join("\n", r.stdout());
    for (Setting s : Setting.values()) {
      assertThat(out).contains(s.variable());
    }
    assertThat(out).doesNotContain("do-not-show-this-secret").doesNotContain("hunter2pw");
    assertThat(out)
        .contains("user=ops&password=********")
        .containsPattern("WEBHOOK_CONCURRENCY +7");
    assertThat(out).containsPattern("PEEKER_PORT +8080  \\(default\\)");
    assertThat(r.stderr()).contains("PEEKER_PROT is not a Peeker setting");
    assertThat(r.stderr()).doesNotContain("do-not-show-this-secret").doesNotContain("hunter2pw");
  }

  @Test
  void a_bad_value_stops_the_command_naming_the_setting() {
    Cli.Result r = Cli.run(Map.of("PEEKER_WEBHOOK_POLL_MS", "fast"), "config");
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.stderr()).contains("PEEKER_WEBHOOK_POLL_MS must be an integer");

    Cli.Result logs = Cli.run(Map.of("PEEKER_LOG_FORMAT", "xml"), "config");
    assertThat(logs.exitCode()).isNotZero();
    assertThat(logs.stderr()).contains("PEEKER_LOG_FORMAT must be text or json, not 'xml'");
  }
}
