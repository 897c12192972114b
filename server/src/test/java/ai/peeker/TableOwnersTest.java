package ai.peeker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table has one owner: exactly one store class writes it; everyone else goes through that
 * store's package. Read from the SQL text in the main sources (tests set up data as they like).
 */
class TableOwnersTest {
  private static final Path SOURCES = Path.of("src/main/java");

  /** Java string literals, text blocks first. */
  private static final Pattern LITERAL =
      Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);

  /** A write and its table; {@code SELECT … FOR UPDATE} only locks. */
  private static final Pattern WRITE =
      Pattern.compile(
          "(?:INSERT\\s+INTO|(?<!FOR\\s)UPDATE|DELETE\\s+FROM|MERGE\\s+INTO)\\s+([a-z_][a-z0-9_]*)");

  @Test
  void every_table_is_written_by_exactly_one_store_class() throws IOException {
    Map<String, TreeSet<String>> writers = writersByTable();

    assertThat(writers).as("tables written in %s", SOURCES.toAbsolutePath()).isNotEmpty();
    List<String> problems = new ArrayList<>();
    writers.forEach(
        (table, classes) -> {
          if (classes.size() > 1) {
            problems.add("table " + table + " is written by " + String.join(", ", classes));
          }
          classes.stream()
              .filter(c -> !c.endsWith("Store"))
              .forEach(c -> problems.add("table " + table + " is written outside a store by " + c));
        });
    assertThat(problems).as("one writing store per table").isEmpty();
  }

  @Test
  void the_scan_finds_the_writes_it_is_meant_to_find() {
    String sql =
        String.join(
            "\n",
            sqlOf(
                "h.createUpdate(\"UPDATE domains SET a = 1\" + \" WHERE id = :id\");"
                    + " h.createQuery(\"SELECT 1 FROM orders FOR UPDATE\").bind(\"id\", id);"
                    + " h.execute(\"\"\"\n DELETE FROM inboxes\n\"\"\");"));
    List<String> tables = new ArrayList<>();
    Matcher m = WRITE.matcher(sql);
    while (m.find()) {
      tables.add(m.group(1));
    }

    assertThat(tables).containsExactly("domains", "inboxes");
  }

  private static Map<String, TreeSet<String>> writersByTable() throws IOException {
    Map<String, TreeSet<String>> writers = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String owner = SOURCES.relativize(file).toString().replace('\\', '/').replace(".java", "");
        Matcher m = WRITE.matcher(String.join("\n", sqlOf(Files.readString(file))));
        while (m.find()) {
          writers.computeIfAbsent(m.group(1), t -> new TreeSet<>()).add(owner);
        }
      }
    }
    return writers;
  }

  private static List<String> sqlOf(String source) {
    List<String> literals = new ArrayList<>();
    Matcher m = LITERAL.matcher(source);
    while (m.find()) {
      literals.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return literals;
  }
}
