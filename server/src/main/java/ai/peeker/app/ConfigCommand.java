package ai.peeker.app;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./peeker config}: every setting with the value this server would use, where it comes from
 * and what it means. Secrets and database passwords are masked.
 */
@Command(
    name = "config",
    description = "Show every PEEKER_* setting: value (secrets masked), source and meaning.")
final class ConfigCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    Map<String, String> env = System.getenv();
    main.config(); // validates every value first, naming a bad one
    for (Setting setting : Setting.values()) {
      String value;
      if (setting == Setting.DATABASE_URL && main.database != null) {
        value = masked(setting, main.database) + "  (--database)";
      } else if (setting.isSet(env)) {
        value = masked(setting, setting.read(env)) + "  (environment)";
      } else {
        value = (setting.defaultValue() == null ? "unset" : setting.defaultValue()) + "  (default)";
      }
      System.out.printf("%-38s %s%n    %s%n", setting.variable(), value, setting.meaning());
    }
    return 0;
  }

  private static String masked(Setting setting, String value) {
    if (setting.secret()) {
      return "******** (" + value.length() + " characters)";
    }
    // user:password@ in a URL, and password=… in its parameters
    return value
        .replaceAll("(?<=://)([^/:@]+):[^@/]*@", "$1:********@")
        .replaceAll("(?i)(password=)[^&;]*", "$1********");
  }
}
