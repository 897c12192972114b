package ai.peeker.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.peeker.app.App;
import ai.peeker.app.Config;
import ai.peeker.orders.Order;
import ai.peeker.partners.Environment;
import ai.peeker.partners.Partner;
import ai.peeker.partners.Preset;
import ai.peeker.partners.Scope;
import ai.peeker.testing.Api;
import ai.peeker.testing.Cli;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./peeker action resolve act_…}, run as an operator would, while the server runs. */
class ActionResolveCliTest {
  @TempDir Path dataDir;

  @Test
  void an_operator_resolves_a_pending_action_and_the_running_server_finishes_the_order() {
    Map<String, String> env = Cli.sharedDatabase(dataDir);
    Config config = Config.fromEnvironment(env).withPort(0);
    try (App app = App.create(config, Clock.systemUTC()).start()) {
      Partner partner = app.partners().create("Operator's partner");
      String key =
          app.partners().issueKey(partner.id(), Environment.TEST, Preset.FULL, 600).secret();
      Api.As api = new Api("http://localhost:" + app.port()).as(key);
      Order order =
          app.orders()
              .place(
                  new Scope(partner.id(), Environment.TEST),
                  SandboxOrders.custom(
                      "cli@acme.com",
                      2,
                      0,
                      SandboxOrders.names("cli", 1),
                      List.of(new Order.Persona("Sam", "Lee", "http://169.254.169.254/sam.png"))));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> api.get("/orders/pending").expect(200).data().size() == 1);
      String actionId = api.get("/orders/pending").expect(200).data().get(0).path("id").asText();
      assertThat(api.get("/orders/" + order.id()).expect(200).data().path("status").asText())
          .isEqualTo("action_required");

      var resolved = Cli.run(env, "action", "resolve", actionId);
      assertThat(resolved.exitCode()).as(resolved.stderr()).isZero();
      assertThat(resolved.lastLine()).isEqualTo(actionId);
      assertThat(String.join("\n", resolved.stdout())).contains("resolved; provisioning of");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  api.get("/orders/" + order.id())
                      .expect(200)
                      .data()
                      .path("status")
                      .asText()
                      .equals("completed"));
      JsonNode done = api.get("/orders/pending?status=resolved").expect(200).data();
      assertThat(done).hasSize(1);

      var again = Cli.run(env, "action", "resolve", actionId);
      assertThat(again.exitCode()).isZero();
      assertThat(again.stdout()).contains("already resolved");
      var unknown = Cli.run(env, "action", "resolve", "act_01HZX0AC1A2B3C4D5E6F7G8HJK");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.stderr()).contains("no pending action").doesNotContain("\tat ");
    }
  }
}
