package ai.peeker.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the {@code peeker} CLI in a separate JVM, as an operator's shell would. */
public final class Cli {
  private Cli() {}

  public record Result(int exitCode, List<String> stdout, String stderr) {
    public String lastLine() {
      return stdout.isEmpty() ? "" : stdout.get(stdout.size() - 1);
    }
  }

  /**
   * Variables for CLI processes that share one database with the test: an H2 file under {@code
   * dataDir}, or a fresh PostgreSQL database when the suite runs on PostgreSQL. {@code
   * Config.fromEnvironment} of the same map reaches the same database from the test's JVM.
   */
  public static Map<String, String> sharedDatabase(Path dataDir) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PEEKER_DATA_DIR", dataDir.toString());
    if (TestDatabases.postgres()) {
      env.put("PEEKER_DATABASE_URL", TestDatabases.fresh());
    }
    return env;
  }

  public static ProcessBuilder builder(Map<String, String> env, String... args) {
    return builder(System.getProperty("java.class.path"), env, args);
  }

  /** As {@link #builder(Map, String...)}, with the classes taken from {@code classPath}. */
  public static ProcessBuilder builder(String classPath, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // short-lived JVMs on a small machine: compile quickly rather than well, one GC thread
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(classPath);
    command.add("ai.peeker.app.Main");
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    return pb;
  }

  public static Result run(Map<String, String> env, String... args) {
    try {
      Process p = builder(env, args).start();
      List<String> out = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.add(line);
        }
      }
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("peeker " + String.join(" ", args) + " did not finish");
      }
      return new Result(p.exitValue(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A server process on {@code port}, its output appended to {@code log}, once it answers. */
  public static Process serve(Map<String, String> env, int port, Path log) throws IOException {
    java.io.File file = log.toFile();
    Process process =
        builder(env, "serve", "--port", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(file))
            .start();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(100))
          .ignoreExceptions()
          .until(
              () ->
                  http.send(
                              java.net.http.HttpRequest.newBuilder(
                                      java.net.URI.create("http://localhost:" + port + "/healthz"))
                                  .build(),
                              java.net.http.HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    return process;
  }

  /** A port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
