package ai.peeker.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.peeker.testing.Cli;
import ai.peeker.testing.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code a node runs from changes under it (a jar copied over the running one): the classes its
 * stop would load next cannot be read. SIGTERM must still end the process, promptly, saying why,
 * instead of leaving it running with its threads but no way to stop.
 */
class StopWithoutItsClassesTest {
  @TempDir Path dataDir;

  @Test
  void sigterm_ends_the_process_when_the_classes_it_runs_from_are_gone() throws Exception {
    // every class path entry copied: the server's own classes and the libraries it runs on
    Path copies = dataDir.resolve("classpath");
    List<String> ownClassPath = new ArrayList<>();
    String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
    for (int i = 0; i < classPath.length; i++) {
      Path entry = Path.of(classPath[i]);
      if (Files.exists(entry)) {
        Path copy = copies.resolve(i + "-" + entry.getFileName());
        copyTree(entry, copy);
        ownClassPath.add(copy.toString());
      }
    }
    Path log = dataDir.resolve("server.log");
    Map<String, String> env = Cli.sharedDatabase(dataDir);
    ServerProcess server =
        ServerProcess.start(env, String.join(File.pathSeparator, ownClassPath), log);
    assertThat(server.api().anonymous().get("/healthz").status()).isEqualTo(200);

    // as a copy over the running jar does: the same files, other bytes (a deleted file would stay
    // readable to the process that has it open)
    overwriteTree(copies);
    server.process().destroy(); // SIGTERM

    boolean ended = server.process().waitFor(30, TimeUnit.SECONDS);
    String text = Files.readString(log);
    if (!ended) {
      server.process().destroyForcibly();
    }
    assertThat(ended).as("the process ended within 30 s of SIGTERM:\n%s", text).isTrue();
    assertThat(server.process().exitValue()).as(text).isEqualTo(70);
    assertThat(text).contains("fatal: java.lang.NoClassDefFoundError");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      files.forEach(
          file -> {
            try {
              Path target = to.resolve(from.relativize(file).toString());
              Files.createDirectories(target.getParent());
              Files.copy(file, target);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private static void overwriteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.writeString(file, "overwritten", StandardOpenOption.TRUNCATE_EXISTING);
      }
    }
  }
}
