package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.orders.Order;
import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Jobs run on platform threads at the lowest Java priority, and the JVM flags the launcher passes
 * make that nice 19 on Linux: the operating system runs the HTTP requests first.
 */
class JobThreadsTest {

  @Test
  void an_order_is_provisioned_on_low_priority_platform_threads() {
    try (TestServer server = TestServer.start(c -> c, Clock.systemUTC())) {
      Tenant t = server.newTenant("Job threads");
      Order order = SandboxOrders.placeCustom(server, t.sandbox(), 2, 1, "jobthreads");
      SandboxOrders.awaitStatus(t, order.id(), Duration.ofSeconds(30), "completed");

      // an idle job thread stays a minute, so the ones that ran this order are still there
      List<Thread> jobThreads =
          Thread.getAllStackTraces().keySet().stream()
              .filter(th -> th.getName().matches("peeker-job-\\d+"))
              .toList();
      assertThat(jobThreads).isNotEmpty();
      assertThat(jobThreads)
          .allSatisfy(
              th -> {
                assertThat(th.isVirtual()).isFalse();
                assertThat(th.getPriority())
                    .isEqualTo(
                        server.app().describe().get("database").equals("postgresql")
                            ? JobThreads.REMOTE
                            : JobThreads.EMBEDDED);
                assertThat(th.isDaemon()).isTrue();
              });
    }
  }

  @Test
  void with_the_launcher_flags_job_threads_run_at_nice_19_on_h2_and_10_on_postgres()
      throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "needs Linux /proc");
    int own = JobThreads.currentNiceness().orElseThrow();
    assertThat(probe(JobThreads.EMBEDDED, JobThreads.JVM_FLAGS.split(" "))).isEqualTo(19);
    assertThat(probe(JobThreads.REMOTE, JobThreads.JVM_FLAGS.split(" "))).isEqualTo(10);
    // without them the JVM leaves every thread at the process's own nice value
    assertThat(probe(JobThreads.EMBEDDED)).isEqualTo(own);
  }

  @Test
  void the_scripts_pass_the_same_flags_the_server_names() throws IOException {
    String jdkScript = Files.readString(Path.of("..", ".mvn", "jdk.sh"));
    Matcher flags = Pattern.compile("peeker_server_flags=\"([^\"]*)\"").matcher(jdkScript);
    assertThat(flags.find()).as("peeker_server_flags in .mvn/jdk.sh").isTrue();
    assertThat(flags.group(1)).isEqualTo(JobThreads.JVM_FLAGS);
    assertThat(Files.readString(Path.of("..", "peeker"))).contains("$peeker_server_flags");
  }

  /** The nice value a job thread at {@code priority} gets in a fresh JVM started with flags. */
  private static int probe(int priority, String... flags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(flags));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Probe.class.getName(),
            Integer.toString(priority)));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe JVM exited").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Matcher nice = Pattern.compile("nice=(-?\\d+)").matcher(out);
    assertThat(nice.find()).as("probe output: %s", out).isTrue();
    return Integer.parseInt(nice.group(1));
  }

  /** Prints the nice value a job thread at the priority given gets in this JVM. */
  static final class Probe {
    private Probe() {}

    public static void main(String[] args) {
      System.out.println("nice=" + JobThreads.niceness(Integer.parseInt(args[0])).orElseThrow());
    }
  }
}
