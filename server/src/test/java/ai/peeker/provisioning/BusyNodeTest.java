package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.peeker.testing.Tenant;
import ai.peeker.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A node's sandbox steps give way while its HTTP requests could keep every core busy, and take
 * their whole budget again once the requests are answered; {@code /metrics} shows which.
 */
class BusyNodeTest {
  private static final Pattern ALLOWED =
      Pattern.compile("(?m)^peeker_sandbox_steps_allowed (\\S+)$");

  @Test
  void steps_run_one_at_a_time_while_requests_in_flight_fill_the_processors() throws Exception {
    int processors = Runtime.getRuntime().availableProcessors();
    assumeTrue(processors >= 2, "one processor: the scrape alone fills it");
    // a server of its own: other tests' requests on a shared one would count too
    try (TestServer server = TestServer.start(c -> c, Clock.systemUTC())) {
      Tenant t = server.newTenant("Busy node");
      double quiet = allowed(server);
      assertThat(quiet).as("steps allowed on a quiet node").isGreaterThan(1);

      // requests whose bodies never finish arriving stay in flight
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < processors; i++) {
          held.add(unfinishedPost(server, t.testKey()));
        }
        assertThat(awaitAllowed(server, 1))
            .as("steps allowed beside %d requests", processors)
            .isEqualTo(1);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
      assertThat(awaitAllowed(server, quiet))
          .as("steps allowed once they are answered")
          .isEqualTo(quiet);
    }
  }

  private static Socket unfinishedPost(TestServer server, String key) throws IOException {
    Socket socket = new Socket("localhost", server.app().port());
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /partner/v1/users HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Authorization: Bearer "
                + key
                + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: 100\r\n"
                + "\r\n"
                + "{\"email\":")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** Reads the gauge until it shows {@code expected}, for up to 10 s; answers the last value. */
  private static double awaitAllowed(TestServer server, double expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    double value = allowed(server);
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      value = allowed(server);
    }
    return value;
  }

  private static double allowed(TestServer server) {
    String metrics = server.api().anonymous().get("/metrics").expect(200).body();
    Matcher m = ALLOWED.matcher(metrics);
    assertThat(m.find()).as("peeker_sandbox_steps_allowed on /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }
}
