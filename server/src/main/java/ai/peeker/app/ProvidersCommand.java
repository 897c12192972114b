package ai.peeker.app;

import ai.peeker.provisioning.live.ProviderChecks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./peeker providers check}: for each live provider, whether its settings are complete and
 * whether a read-only call with them succeeds. Exits 1 when a configured provider cannot be
 * reached; secrets are never printed.
 */
@Command(
    name = "providers",
    description = "Live provider adapters.",
    subcommands = {ProvidersCommand.Check.class})
final class ProvidersCommand {
  @ParentCommand Main main;

  @Command(
      name = "check",
      description =
          "Verify each configured provider's credentials with a read-only call; print a table.")
  static final class Check implements Callable<Integer> {
    @ParentCommand ProvidersCommand parent;

    @Override
    public Integer call() {
      Config config = parent.main.config();
      var checks =
          ProviderChecks.run(
              config.live(),
              LiveSettingsReader.missing(System.getenv()),
              new SimpleMeterRegistry());
      String row = "%-11s %-11s %-10s %s%n";
      System.out.printf(row, "provider", "configured", "reachable", "detail");
      boolean ok = true;
      for (var c : checks) {
        String reachable = c.reachable() == null ? "-" : c.reachable() ? "yes" : "no";
        ok &= c.reachable() == null || c.reachable();
        System.out.printf(
            row,
            c.provider().wire(),
            c.configured() ? "yes" : "no",
            reachable,
            c.detail().replaceAll("[\\r\\n]+", " "));
      }
      return ok ? 0 : 1;
    }
  }
}
