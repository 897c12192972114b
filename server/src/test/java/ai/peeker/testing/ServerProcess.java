package ai.peeker.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code peeker serve} as a separate process on a free port, its output in {@code log}. */
public record ServerProcess(Process process, int port) {
  private static final Pattern LISTENING =
      Pattern.compile("Peeker Partner API on http://localhost:(\\d+)");

  /** Starts the server and waits until it listens; {@code args} are extra {@code serve} flags. */
  public static ServerProcess start(Map<String, String> env, Path log, String... args) {
    return start(env, System.getProperty("java.class.path"), log, args);
  }

  /** As {@link #start(Map, Path, String...)}, with the classes taken from {@code classPath}. */
  public static ServerProcess start(
      Map<String, String> env, String classPath, Path log, String... args) {
    List<String> command = new ArrayList<>(List.of("serve", "--port", "0"));
    command.addAll(List.of(args));
    Process process;
    try {
      process =
          Cli.builder(classPath, env, command.toArray(String[]::new))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      int port =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(50))
              .until(
                  () -> {
                    String text = Files.readString(log);
                    if (!process.isAlive()) {
                      throw new AssertionError("the server stopped:\n" + text);
                    }
                    Matcher m = LISTENING.matcher(text);
                    return m.find() ? Integer.parseInt(m.group(1)) : null;
                  },
                  p -> p != null);
      return new ServerProcess(process, port);
    } catch (RuntimeException | AssertionError e) {
      process.destroyForcibly();
      throw e;
    }
  }

  public Api api() {
    return new Api("http://localhost:" + port);
  }

  /** {@code kill -9}: the process gets no chance to write anything more. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
