package ai.peeker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2UrlTest {
  private static final String COMPATIBLE =
      ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  @Test
  void a_bare_file_url_gets_the_compatibility_settings_and_a_file_shared_with_the_cli() {
    assertThat(H2Url.complete("jdbc:h2:file:/srv/peeker/db"))
        .isEqualTo("jdbc:h2:file:/srv/peeker/db" + COMPATIBLE + ";AUTO_SERVER=TRUE");
  }

  @Test
  void the_default_database_is_the_completed_file_url_under_the_data_dir() {
    assertThat(H2Url.inDataDir(Path.of("/var/peeker")))
        .isEqualTo("jdbc:h2:file:/var/peeker/peeker" + COMPATIBLE + ";AUTO_SERVER=TRUE");
  }

  @Test
  void settings_already_present_are_kept_in_any_case_and_not_repeated() {
    String url =
        "jdbc:h2:./data/db;mode=postgresql;Auto_Server=true;WRITE_DELAY=100;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=high;USER=sa;";
    assertThat(H2Url.complete(url)).isEqualTo(url.substring(0, url.length() - 1));
  }

  @Test
  void in_memory_and_server_urls_get_only_the_compatibility_settings() {
    assertThat(H2Url.complete("jdbc:h2:mem:t1;DB_CLOSE_DELAY=-1"))
        .isEqualTo("jdbc:h2:mem:t1;DB_CLOSE_DELAY=-1" + COMPATIBLE);
    assertThat(H2Url.complete("jdbc:h2:tcp://localhost:9092/~/peeker"))
        .isEqualTo("jdbc:h2:tcp://localhost:9092/~/peeker" + COMPATIBLE);
  }

  @Test
  void only_in_memory_databases_have_no_file_to_write() {
    assertThat(H2Url.isPersistent("jdbc:h2:mem:t1")).isFalse();
    assertThat(H2Url.isPersistent("jdbc:h2:memFS:t1")).isFalse();
    assertThat(H2Url.isPersistent("jdbc:h2:file:/db")).isTrue();
    assertThat(H2Url.isPersistent("jdbc:h2:./db")).isTrue();
    assertThat(H2Url.isPersistent("jdbc:h2:tcp://localhost/db")).isTrue();
  }

  @Test
  void postgresql_urls_pass_unchanged() {
    String url = "jdbc:postgresql://127.0.0.1:5432/peeker?user=postgres";
    assertThat(H2Url.complete(url)).isSameAs(url);
  }

  @Test
  void another_mode_null_ordering_or_name_case_is_refused() {
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:file:/db;MODE=MySQL"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("change MODE=MySQL to MODE=PostgreSQL");
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:mem:x;DEFAULT_NULL_ORDERING=LOW"))
        .hasMessageContaining("DEFAULT_NULL_ORDERING=HIGH");
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:file:/db;DATABASE_TO_LOWER=FALSE"))
        .hasMessageContaining("DATABASE_TO_LOWER=TRUE");
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:file:/db;DATABASE_TO_UPPER=TRUE"))
        .hasMessageContaining("remove DATABASE_TO_UPPER=TRUE");
  }

  @Test
  void a_file_the_cli_cannot_share_is_refused() {
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:file:/db;AUTO_SERVER=FALSE"))
        .hasMessageContaining("AUTO_SERVER=TRUE");
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:zip:/backup.zip!/db"))
        .hasMessageContaining("read-only");
  }

  @Test
  void a_refusal_never_shows_the_password() {
    assertThatThrownBy(() -> H2Url.complete("jdbc:h2:file:/db;PASSWORD=hunter2;MODE=Oracle"))
        .hasMessageContaining("MODE=Oracle")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void a_semicolon_escaped_inside_a_value_does_not_split_it() {
    String url = "jdbc:h2:mem:x;INIT=SET A=1\\;SET B=2" + COMPATIBLE;
    assertThat(H2Url.complete(url)).isEqualTo(url);
  }
}
