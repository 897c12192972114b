package ai.peeker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No statement binds its {@code LIMIT}: PostgreSQL cannot cost a generic plan for a bound limit and
 * plans such a statement again on every call. {@code Cursor.limit(n)} writes the number in.
 */
class BoundLimitsTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern BOUND = Pattern.compile("LIMIT\\s+[:?]");

  @Test
  void no_statement_binds_its_limit() throws IOException {
    List<String> bound;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      bound =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> BOUND.matcher(read(f)).find())
              .map(f -> SOURCES.relativize(f).toString())
              .toList();
    }
    assertThat(bound).as("sources that bind a LIMIT").isEmpty();
  }

  @Test
  void the_scan_finds_a_bound_limit() {
    assertThat(BOUND.matcher("ORDER BY id LIMIT :limit").find()).isTrue();
    assertThat(BOUND.matcher("ORDER BY id LIMIT ?").find()).isTrue();
    assertThat(BOUND.matcher("ORDER BY id\" + Cursor.limit(limit)").find()).isFalse();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
