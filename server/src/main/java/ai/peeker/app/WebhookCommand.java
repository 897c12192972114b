package ai.peeker.app;

import ai.peeker.common.Json;
import ai.peeker.common.WireValue;
import ai.peeker.events.Delivery;
import ai.peeker.events.DeliveryState;
import ai.peeker.events.WebhookEndpoint;
import ai.peeker.events.Webhooks;
import ai.peeker.partners.Environment;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code peeker webhook …}: a partner's endpoint per environment, its signing secret (shown once),
 * the delivery log and redelivery. Like every command, the last line on stdout is what a script
 * wants: the secret, or the event id.
 */
@Command(
    name = "webhook",
    mixinStandardHelpOptions = true,
    description = "Webhook endpoints, secrets and deliveries.",
    subcommands = {
      WebhookCommand.Set.class,
      WebhookCommand.Rotate.class,
      WebhookCommand.Show.class,
      WebhookCommand.Test.class,
      WebhookCommand.Deliveries.class,
      WebhookCommand.Redeliver.class
    })
final class WebhookCommand {
  @ParentCommand Main main;

  <T> T withWebhooks(Function<Webhooks, T> work) {
    try (App app = App.create(main.config(), Clock.systemUTC())) {
      return work.apply(app.webhooks());
    }
  }

  /** The options naming one partner's endpoint. */
  static final class Target {
    @Option(names = "--partner", required = true, description = "org_… id")
    String partnerId;

    @Option(names = "--environment", required = true, description = "test or live")
    String environment;

    Environment environment() {
      return Environment.parse(environment);
    }
  }

  @Command(
      name = "set",
      description =
          "Set the endpoint URL (live: https and a public host). The first time, prints the"
              + " signing secret once, last.")
  static final class Set implements Callable<Integer> {
    @ParentCommand WebhookCommand parent;

    @picocli.CommandLine.Mixin Target target;

    @Option(names = "--url", required = true, description = "where events are POSTed")
    String url;

    @Override
    public Integer call() {
      var configured = parent.withWebhooks(w -> w.set(target.partnerId, target.environment(), url));
      WebhookEndpoint endpoint = configured.endpoint();
      System.out.println(
          "webhook endpoint "
              + endpoint.id()
              + " ("
              + endpoint.scope().env()
              + "): "
              + endpoint.url());
      if (configured.newSecret() == null) {
        System.out.println(
            "URL changed; the signing secret is unchanged (webhook rotate replaces it)");
        System.out.println(endpoint.id());
      } else {
        System.out.println("signing secret, shown once:");
        System.out.println(configured.newSecret());
      }
      return 0;
    }
  }

  @Command(
      name = "rotate",
      description =
          "Create a new signing secret (printed once, last); the current one keeps signing for"
              + " 24 hours.")
  static final class Rotate implements Callable<Integer> {
    @ParentCommand WebhookCommand parent;

    @picocli.CommandLine.Mixin Target target;

    @Override
    public Integer call() {
      String secret = parent.withWebhooks(w -> w.rotate(target.partnerId, target.environment()));
      System.out.println(
          "new signing secret; requests carry a signature from it and from the previous secret"
              + " for 24 hours:");
      System.out.println(secret);
      return 0;
    }
  }

  @Command(name = "show", description = "Show the endpoint, its secrets (hints only) and counts.")
  static final class Show implements Callable<Integer> {
    @ParentCommand WebhookCommand parent;

    @picocli.CommandLine.Mixin Target target;

    @Override
    public Integer call() {
      parent.withWebhooks(
          w -> {
            WebhookEndpoint e = w.show(target.partnerId, target.environment());
            System.out.println("endpoint    " + e.id() + " (" + e.scope().env() + ")");
            System.out.println("url         " + e.url());
            System.out.println("created     " + Json.timestamp(e.createdAt()));
            System.out.println("updated     " + Json.timestamp(e.updatedAt()));
            for (WebhookEndpoint.SecretHint s : e.secrets()) {
              System.out.println(
                  "secret      "
                      + s.hint()
                      + "  created "
                      + Json.timestamp(s.createdAt())
                      + (s.expiresAt() == null
                          ? "  signs until rotated"
                          : "  signs until " + Json.timestamp(s.expiresAt())));
            }
            var counts = w.deliveryCounts(target.partnerId, target.environment());
            System.out.println(
                "deliveries  pending "
                    + counts.getOrDefault(DeliveryState.PENDING, 0)
                    + ", delivered "
                    + counts.getOrDefault(DeliveryState.DELIVERED, 0)
                    + ", failed "
                    + counts.getOrDefault(DeliveryState.FAILED, 0));
            System.out.println(e.url());
            return null;
          });
      return 0;
    }
  }

  @Command(
      name = "test",
      description = "Send a signed ping event now; prints its evt_… id last. Exit 1 if not 2xx.")
  static final class Test implements Callable<Integer> {
    @ParentCommand WebhookCommand parent;

    @picocli.CommandLine.Mixin Target target;

    @Override
    public Integer call() {
      return report(parent.withWebhooks(w -> w.test(target.partnerId, target.environment())));
    }
  }

  @Command(
      name = "redeliver",
      description = "Send an event to its endpoint again, now. Exit 1 if not 2xx.")
  static final class Redeliver implements Callable<Integer> {
    @ParentCommand WebhookCommand parent;

    @Parameters(index = "0", description = "evt_… id")
    String eventId;

    @Override
    public Integer call() {
      return report(parent.withWebhooks(w -> w.redeliver(eventId)));
    }
  }

  @Command(
      name = "deliveries",
      description = "The delivery log: newest deliveries, or every attempt of one event.")
  static final class Deliveries implements Callable<Integer> {
    @ParentCommand WebhookCommand parent;

    @Option(names = "--partner", required = true, description = "org_… id")
    String partnerId;

    @Option(names = "--environment", description = "test or live (default both)")
    String environment;

    @Option(names = "--event", description = "evt_… id: that event's every attempt")
    String eventId;

    @Option(names = "--state", description = "pending, delivered or failed")
    String state;

    @Option(names = "--limit", defaultValue = "50", description = "rows (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
      parent.withWebhooks(
          w -> {
            if (eventId != null) {
              Delivery d = w.delivery(eventId);
              if (!d.scope().partnerId().equals(partnerId)) {
                throw new IllegalArgumentException(
                    "no delivery of " + eventId + " for " + partnerId);
              }
              System.out.println(line(d));
              for (Delivery.Attempt a : d.attemptLog()) {
                System.out.println(
                    "  attempt "
                        + a.number()
                        + "  "
                        + Json.timestamp(a.startedAt())
                        + "  "
                        + (a.statusCode() == null ? "---" : a.statusCode())
                        + "  "
                        + a.latencyMs()
                        + " ms"
                        + (a.error() == null ? "" : "  " + a.error()));
              }
              return null;
            }
            Environment env = environment == null ? null : Environment.parse(environment);
            if (state != null && !WireValue.wires(DeliveryState.class).contains(state)) {
              throw new IllegalArgumentException(
                  "state must be one of "
                      + String.join(", ", WireValue.wires(DeliveryState.class)));
            }
            DeliveryState wanted = WireValue.of(DeliveryState.class, state);
            for (Delivery d : w.deliveries(partnerId, env, wanted, limit)) {
              System.out.println(line(d));
            }
            return null;
          });
      return 0;
    }
  }

  static String line(Delivery d) {
    return d.eventId()
        + "  "
        + d.scope().env()
        + "  "
        + String.format("%-24s", d.type().wire())
        + "  "
        + String.format("%-9s", d.state().wire())
        + "  attempts "
        + d.attempts()
        + (d.lastStatus() == null ? "" : "  HTTP " + d.lastStatus())
        + (d.lastError() == null || d.state() == DeliveryState.DELIVERED
            ? ""
            : "  " + d.lastError())
        + (d.dueAt() != null && d.state() == DeliveryState.PENDING
            ? "  next " + Json.timestamp(d.dueAt())
            : "");
  }

  private static int report(Delivery d) {
    Delivery.Attempt last = d.attemptLog().getLast();
    System.out.println(
        d.type().wire()
            + " "
            + d.eventId()
            + ": "
            + (last.statusCode() == null ? last.error() : "HTTP " + last.statusCode())
            + " in "
            + last.latencyMs()
            + " ms, "
            + d.state().wire());
    System.out.println(d.eventId());
    return d.state() == DeliveryState.DELIVERED ? 0 : 1;
  }
}
