package ai.peeker.app;

import ai.peeker.portal.PortalAccounts;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code peeker portal user add --partner org_… --email E}: adds a portal user (or, for an existing
 * one, makes a new link) and prints the one-time link that sets their password, last.
 */
@Command(
    name = "portal",
    mixinStandardHelpOptions = true,
    description = "The partner portal's users.",
    subcommands = {PortalCommand.UserCommand.class})
final class PortalCommand {
  @ParentCommand Main main;

  @Command(
      name = "user",
      mixinStandardHelpOptions = true,
      description = "Portal users.",
      subcommands = {PortalCommand.UserCommand.Add.class})
  static final class UserCommand {
    @ParentCommand PortalCommand parent;

    @Command(
        name = "add",
        description =
            "Add a user to a partner (or renew an existing user's link); prints a one-time link,"
                + " valid 24 hours, that sets the password.")
    static final class Add implements Callable<Integer> {
      @ParentCommand UserCommand parent;

      @Option(names = "--partner", required = true, description = "org_… id")
      String partnerId;

      @Option(names = "--email", required = true, description = "the user's email address")
      String email;

      @Override
      public Integer call() {
        Config config = parent.parent.main.config();
        try (App app = App.create(config, Clock.systemUTC())) {
          var invitation = app.portalAccounts().invite(partnerId, email);
          String base =
              config.publicUrl() != null
                  ? config.publicUrl().replaceAll("/+$", "")
                  : "http://localhost:" + config.port();
          System.out.println(
              "portal user "
                  + invitation.user().email()
                  + " ("
                  + invitation.user().id()
                  + "); this link sets the password, once, until "
                  + invitation.expiresAt()
                  + " (valid "
                  + PortalAccounts.LINK_LIFETIME.toHours()
                  + " h):");
          System.out.println(base + "/portal/welcome?token=" + invitation.token());
          return 0;
        }
      }
    }
  }
}
