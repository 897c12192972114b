package ai.peeker.db;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every {@code jdbc:h2:} URL the server, the CLI or a test opens runs with the settings the code
 * needs: {@link #complete} adds the missing ones and refuses a URL that contradicts one.
 *
 * <ul>
 *   <li>{@code MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH}: the SQL is
 *       written for PostgreSQL (e.g. {@code ON CONFLICT DO NOTHING}, lower-case names, nulls sorted
 *       last).
 *   <li>A file database gets {@code AUTO_SERVER=TRUE}, so the CLI can open the file while a server
 *       holds it (it connects to that server instead).
 * </ul>
 *
 * <p>Durability does not depend on the URL: on a file or remote database every commit waits until
 * it is written ({@link H2GroupCommit}), whatever {@code WRITE_DELAY} says.
 *
 * <pre>jdbc:h2:file:/srv/db → jdbc:h2:file:/srv/db;MODE=PostgreSQL;…;AUTO_SERVER=TRUE</pre>
 */
public final class H2Url {
  private static final String PREFIX = "jdbc:h2:";

  private H2Url() {}

  public static boolean isH2(String url) {
    return url.startsWith(PREFIX);
  }

  /** False for in-memory databases, which have no file to write. */
  public static boolean isPersistent(String url) {
    String location = url.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    return !(location.startsWith("mem:")
        || location.startsWith("memfs:")
        || location.startsWith("memlzf:"));
  }

  /** The embedded default: {@code peeker} under {@code dataDir}. */
  public static String inDataDir(Path dataDir) {
    return complete(PREFIX + "file:" + dataDir.resolve("peeker"));
  }

  /**
   * {@code url} with every setting it lacks added; other URLs are returned unchanged.
   *
   * @throws IllegalArgumentException naming the setting to change when {@code url} contradicts one
   */
  public static String complete(String url) {
    if (!isH2(url)) {
      return url;
    }
    int semicolon = url.indexOf(';');
    String name = semicolon < 0 ? url : url.substring(0, semicolon);
    Map<String, String> given = settings(semicolon < 0 ? "" : url.substring(semicolon + 1), url);
    String location = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);

    Map<String, String> required = new LinkedHashMap<>();
    required.put("MODE", "PostgreSQL");
    required.put("DATABASE_TO_LOWER", "TRUE");
    required.put("DEFAULT_NULL_ORDERING", "HIGH");
    if (location.startsWith("zip:")) {
      throw refused(url, "a zip: database is read-only; use a jdbc:h2:file: URL");
    }
    boolean remote = location.startsWith("tcp:") || location.startsWith("ssl:");
    if (isPersistent(url) && !remote) {
      required.put("AUTO_SERVER", "TRUE");
    }
    if ("TRUE".equalsIgnoreCase(given.get("DATABASE_TO_UPPER"))) {
      throw refused(url, "remove DATABASE_TO_UPPER=TRUE (names must be lower case)");
    }

    StringBuilder completed = new StringBuilder(url.replaceAll(";+$", ""));
    for (Map.Entry<String, String> setting : required.entrySet()) {
      String key = setting.getKey();
      String value = given.get(key);
      if (value == null) {
        completed.append(';').append(key).append('=').append(setting.getValue());
      } else if (!value.equalsIgnoreCase(setting.getValue())) {
        throw refused(url, why(key, value));
      }
    }
    return completed.toString();
  }

  private static String why(String key, String value) {
    String change = "change " + key + "=" + value + " to ";
    return switch (key) {
      case "AUTO_SERVER" ->
          change + "AUTO_SERVER=TRUE or remove it (the CLI opens the file beside the server)";
      case "MODE" -> change + "MODE=PostgreSQL or remove it (the SQL is PostgreSQL's)";
      case "DATABASE_TO_LOWER" -> change + "DATABASE_TO_LOWER=TRUE or remove it";
      default -> change + "DEFAULT_NULL_ORDERING=HIGH or remove it";
    };
  }

  /** The URL's {@code KEY=value} settings, keys upper-cased as H2 reads them. */
  private static Map<String, String> settings(String tail, String url) {
    Map<String, String> settings = new LinkedHashMap<>();
    // a backslash escapes a semicolon inside a value (INIT=…\;…), as in H2's own parser
    for (String setting : tail.split("(?<!\\\\);")) {
      if (setting.isBlank()) {
        continue;
      }
      int equals = setting.indexOf('=');
      if (equals < 0) {
        throw refused(url, "'" + setting + "' is not a KEY=value setting");
      }
      settings.put(
          setting.substring(0, equals).strip().toUpperCase(Locale.ROOT),
          setting.substring(equals + 1).strip());
    }
    return settings;
  }

  private static IllegalArgumentException refused(String url, String reason) {
    String shown = url.replaceAll("(?i)(PASSWORD=)[^;]*", "$1…");
    return new IllegalArgumentException(
        "PEEKER_DATABASE_URL / --database '" + shown + "': " + reason);
  }
}
